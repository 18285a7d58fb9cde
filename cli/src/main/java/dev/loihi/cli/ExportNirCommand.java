package dev.loihi.cli;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.nir.NirExporter;
import dev.loihi.compiler.nir.NirFileWriter;
import dev.loihi.compiler.nir.NirGraph;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export-nir", mixinStandardHelpOptions = true,
        description = {"Write a compiled image back as a NIR graph in the chip's own values (docs/NIR.md, Export),"
                + " so that other tools can check what the chip runs.",
                "Compiling the graph again at the image's --dt gives the same image bytes."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi compile graph.nir --dt 1e-3 -o graph.img",
                "  loihi export-nir graph.img -o chip.nir",
                "      the image graph.nir compiled to, as a NIR graph in chip values",
                "  loihi compile chip.nir --dt 1e-3 -o again.img",
                "      again.img holds the same bytes as graph.img"})
public final class ExportNirCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Compiled register image (from a NIR graph).")
    Path imageFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "G.nir", description = "NIR file to write.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (sameFile(imageFile, output)) {
            throw new LoihiException(CliErrors.EXPORT_NIR_OUTPUT, "the NIR file would replace the image it is read from:"
                    + " image=" + imageFile + ", output=" + output);
        }
        Image image = ImageReader.read(imageFile);
        NirGraph graph = NirExporter.export(image);
        NirFileWriter.write(graph, output);
        double dt = NirExporter.dtSeconds(graph);
        spec.commandLine().getOut().printf("wrote %s: %d nodes, %d edges; compile it with --dt %s for the image's"
                + " bytes%n", output, graph.nodes().size(), graph.edges().size(), dt);
        return 0;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }
}
