package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.compiler.nir.NirImporter;
import dev.loihi.compiler.nir.NirOptions;

/**
 * A NIR graph file (HDF5 through jhdf, then the importer's checks of nodes, edges and
 * parameters). The seed is a two-neuron-node recurrent graph written by NirFileWriter.
 */
class NirFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        Rejection.check(() -> NirImporter.importFile(Scratch.write("fuzz.nir", bytes), NirOptions.defaults()));
    }
}
