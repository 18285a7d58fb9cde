package dev.loihi.compiler.nir;

import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exponents of a connection's synapse formats in the discretizer's part order, read back
 * from the formats its synapses use in an image: excitatory and inhibitory formats are the
 * parts of a sign-split connection; a connection with one sign has that one; otherwise the
 * highest MIXED format is the part. The remaining MIXED formats are residuals
 * (discretize.ResidualParts, always lower): a residual refines the part whose sign its synapses'
 * summed weights have, since it sits only where that part holds a weight.
 */
final class PartExponents {
    private PartExponents() {}

    record Format(SignMode mode, int exp) {}

    /** [0]: per part its exponent; [1]: per part its residual's, or {@link GivenScales#NO_RESIDUAL}. */
    static int[][] of(long[][] weights, Map<Format, List<int[]>> formats, String link) {
        List<SignMode> modes = new ArrayList<>();
        List<Integer> exps = new ArrayList<>();
        for (SignMode mode : List.of(SignMode.EXCITATORY, SignMode.INHIBITORY)) {
            for (Format f : formats.keySet()) {
                if (f.mode() == mode) {
                    if (modes.contains(mode)) {
                        throw NirExporter.unsupported("two formats of one sign in one connection: link=" + link);
                    }
                    modes.add(mode);
                    exps.add(f.exp());
                }
            }
        }
        List<Format> mixed = formats.keySet().stream().filter(f -> f.mode() == SignMode.MIXED).toList();
        if (modes.isEmpty()) {
            Format top = mixed.stream().max((a, b) -> Integer.compare(a.exp(), b.exp())).orElseThrow(
                    () -> NirExporter.unsupported("a connection without synapses: link=" + link));
            modes.add(SignMode.MIXED);
            exps.add(top.exp());
            mixed = mixed.stream().filter(f -> f != top).toList();
        }
        int[] first = exps.stream().mapToInt(Integer::intValue).toArray();
        int[] residual = new int[first.length];
        java.util.Arrays.fill(residual, GivenScales.NO_RESIDUAL);
        for (Format f : mixed) {
            for (int[] at : formats.get(f)) {
                long w = weights[at[0]][at[1]];
                int part = modes.size() == 1 ? 0 : modes.indexOf(w > 0 ? SignMode.EXCITATORY : SignMode.INHIBITORY);
                if (w == 0) {
                    continue; // a stored zero tells no sign, and changes nothing
                }
                if (part < 0 || residual[part] != GivenScales.NO_RESIDUAL && residual[part] != f.exp()
                        || f.exp() >= first[part]) {
                    throw NirExporter.unsupported("a residual format that refines no part: link=" + link + ", exp=" + f.exp());
                }
                residual[part] = f.exp();
            }
        }
        return new int[][] {first, residual};
    }
}
