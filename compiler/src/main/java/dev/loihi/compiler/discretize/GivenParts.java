package dev.loihi.compiler.discretize;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.GivenBlock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GivenBlock}'s exponents laid out on the block's parts ({@link WeightPart}, in the
 * discretizer's order): part p of connection k takes the exponent of its place among k's parts.
 * A given block whose parts differ from the weights' (another sign split, another pre) is
 * refused: taking it would make an image the graph never came from.
 */
record GivenParts(int[] exps, int[] residualExps) {

    static GivenParts of(Ensemble e, List<Connection> in, List<WeightPart> parts, GivenBlock given) {
        int[] exps = new int[parts.size()];
        int[] residual = new int[parts.size()];
        Map<Integer, Integer> seen = new HashMap<>();
        for (int p = 0; p < parts.size(); p++) {
            int k = parts.get(p).connection();
            String pre = in.get(k).pre();
            int place = seen.merge(k, 1, Integer::sum) - 1;
            int[] e1 = given.exps().get(pre);
            int[] e2 = given.residualExps().get(pre);
            int count = (int) parts.stream().filter(w -> w.connection() == k).count();
            if (e1 == null || e2 == null || e1.length != count || e2.length != count) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_GIVEN_MISMATCH, "given exponents do not match the"
                        + " connection's synapse formats: connection=" + pre + " -> " + e.name() + ", parts=" + count
                        + ", given=" + (e1 == null ? "none" : e1.length));
            }
            exps[p] = e1[place];
            residual[p] = e2[place];
            int min = WeightRounding.minExp(parts.get(p).mode());
            if (exps[p] < min || exps[p] > WeightRounding.MAX_EXP
                    || residual[p] != GivenBlock.NO_RESIDUAL
                    && (residual[p] < WeightRounding.MIN_EXP || residual[p] >= exps[p])) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_GIVEN_MISMATCH, "given exponent out of range:"
                        + " connection=" + pre + " -> " + e.name() + ", exp=" + exps[p] + ", residualExp="
                        + (residual[p] == GivenBlock.NO_RESIDUAL ? "none" : residual[p]) + ", min=" + min
                        + ", max=" + WeightRounding.MAX_EXP);
            }
        }
        return new GivenParts(exps, residual);
    }
}
