package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documents say what the tool does and point only at pages the repository carries. */
class DocsTest {
    /** Tests run in the module folder; the documents sit one level up. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PAGE = Pattern.compile("\\b([A-Za-z_]+\\.md)\\b");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void shouldPointOnlyAtPagesInTheRepository() throws IOException {
        for (Path doc : documents()) {
            Matcher m = PAGE.matcher(Files.readString(doc));
            while (m.find()) {
                String page = m.group(1);
                assertTrue(Files.isRegularFile(ROOT.resolve("docs").resolve(page)) || Files.isRegularFile(ROOT.resolve(page)),
                        doc.getFileName() + " points to " + page + ", which the repository does not hold");
            }
        }
    }

    @Test
    void shouldGiveTheTraceTheRawFormatExampleShows() throws IOException {
        Matcher m = JSON_BLOCK.matcher(Files.readString(ROOT.resolve("docs").resolve("RAW_FORMAT.md")));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertEquals(2, blocks.size(), "the example network and its trace");
        Path net = Files.writeString(dir.resolve("net.json"), blocks.get(0));
        Path trace = dir.resolve("trace.json");
        CliRun.of("emulate", net, "--trace", trace).assertOk();
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(blocks.get(1)), json.readTree(trace.toFile()));
    }

    /** What serve prints with a mailbox is checked where HelpExamplesTest runs serve's example. */
    @Test
    void shouldStartTheMailboxTheWayTheNativeDriverPageSays() throws IOException {
        String page = Files.readString(ROOT.resolve("docs").resolve("NATIVE_DRIVER.md"));
        assertTrue(page.contains("./loihi serve --port 0 --mailbox /dev/shm/loihi\n# prints: serving the emulator on"
                + " tcp://127.0.0.1:PORT and native mailbox /dev/shm/loihi (target native:builtin?mailbox=/dev/shm/loihi)"),
                "NATIVE_DRIVER.md");
        assertTrue(!page.contains("java -cp cli/target/loihi.jar dev.loihi.emulator.mailbox.MailboxServerMain --mailbox"
                + " /dev/shm/loihi"), "the mailbox starts with loihi serve");
    }

    @Test
    void shouldListServeMailboxAndNativeTargetsInTheReadmeUsage() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String usage = readme.substring(readme.indexOf("## Usage"));
        usage = usage.substring(0, usage.indexOf("```", usage.indexOf("```") + 3));
        assertTrue(usage.contains("serve") && usage.contains("--mailbox PATH"), usage);
        assertTrue(usage.contains("native:LIBRARY"), usage);
        assertTrue(usage.contains("--report REPORT.json"), usage);
    }
}
