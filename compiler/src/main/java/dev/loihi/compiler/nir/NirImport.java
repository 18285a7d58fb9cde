package dev.loihi.compiler.nir;

import dev.loihi.compiler.net.Network;
import java.util.List;

/**
 * A NIR graph as the compiler's float {@link Network}, with the per-node report of what its
 * time constants lost to the chip's decays and the approximations the mapping made.
 *
 * @param warnings one line each, {@code CODE: what: key=value, ...}
 */
public record NirImport(Network network, List<NirNodeReport> nodes, List<String> warnings) {
    public NirImport {
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }
}
