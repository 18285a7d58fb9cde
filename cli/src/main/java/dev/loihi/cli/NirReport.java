package dev.loihi.cli;

import dev.loihi.compiler.nir.NirImport;
import dev.loihi.compiler.nir.NirNodeReport;
import java.io.PrintWriter;

/** Prints what importing a NIR graph cost per node, and the approximations it made. */
final class NirReport {
    private NirReport() {}

    static void print(NirImport nir, PrintWriter out) {
        out.printf("%-24s %-9s %7s %-10s %11s %11s %11s %11s%n", "nir node", "type", "neurons", "chip", "keep_v",
                "chip_keep_v", "keep_u", "chip_keep_u");
        for (NirNodeReport r : nir.nodes()) {
            out.printf("%-24s %-9s %7d %-10s %11.6f %11.6f %11.6f %11.6f%n", r.node(), r.type(), r.neurons(),
                    r.mappedTo(), r.keepV(), r.chipKeepV(), r.keepU(), r.chipKeepU());
        }
        for (String w : nir.warnings()) {
            out.println("warning: " + w);
        }
    }
}
