package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's usage lines run on the jet-tagger fixture: each with its placeholders filled in,
 * its optional parts whose values we have, and the first of alternatives (TARGET, PORT and such
 * need a board or a server and are left out, as is --resume; serve and example have tests of their own).
 */
class ReadmeUsageTest {
    private static final Path README = Path.of("..").toAbsolutePath().normalize().resolve("README.md");
    private static final Pattern OPTIONAL = Pattern.compile("\\[([^\\[\\]]*)]");
    /** Commands in the order their files appear: compile makes OUT.img, export-raw RAW.json for emulate. */
    private static final List<String> ORDER = List.of("compile", "inspect", "export-raw", "emulate", "run", "evaluate",
            "config");

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryUsageLineOfTheReadme() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        // run and evaluate name no --weights: MODEL stands for the whole model, its weights included
        values.put("MODEL", TestData.kerasJson(TestData.KERAS_3LAYER) + " --weights "
                + TestData.kerasWeights(TestData.KERAS_3LAYER));
        values.put("W.h5", TestData.kerasWeights(TestData.KERAS_3LAYER).toString());
        values.put("X.npy", TestData.standardNormal(dir.resolve("x.npy"), 4, TestData.KERAS_FEATURES, 5).toString());
        values.put("y.npy", TestData.labels(dir.resolve("y.npy"), 4, 5, 6).toString());
        values.put("REPORT.json", dir.resolve("report.json").toString());
        values.put("OUT.img", dir.resolve("out.img").toString());
        values.put("RAW.json", dir.resolve("raw.json").toString());
        values.put("RAW.0.json", dir.resolve("raw.0.json").toString());
        values.put("OUT.json", dir.resolve("trace.json").toString());
        values.put("R.json", dir.resolve("R.json").toString());
        values.put("DIR", dir.resolve("plots").toString());
        values.put("KEY=VALUE", "run.workers=1");
        Map<String, List<String>> lines = usageLines(values);
        assertEquals(ORDER, List.copyOf(lines.keySet().stream().filter(ORDER::contains).sorted(
                (a, b) -> ORDER.indexOf(a) - ORDER.indexOf(b)).toList()), "README usage: " + lines.keySet());
        for (String command : ORDER) {
            List<String> args = lines.get(command);
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exit(), () -> "./loihi " + String.join(" ", args) + "\n" + run.out() + run.err());
        }
        assertTrue(Files.size(dir.resolve("trace.json")) > 0 && Files.size(dir.resolve("R.json")) > 0);
        assertTrue(Files.isRegularFile(dir.resolve("plots").resolve("activation_vs_rate.png")));
    }

    /** Each usage line's words by command, the values filled in; the first usage line of a command wins. */
    private static Map<String, List<String>> usageLines(Map<String, String> values) throws IOException {
        String readme = Files.readString(README);
        String usage = readme.substring(readme.indexOf("## Usage"));
        usage = usage.substring(usage.indexOf("```") + 3, usage.indexOf("```", usage.indexOf("```") + 3));
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String line : usage.lines().toList()) {
            line = line.replaceAll("\\s+#.*$", "").replaceAll("\\s+\\|\\s+\\./loihi .*$", "");
            if (!line.startsWith("./loihi ") || line.contains("CMD")) {
                continue;
            }
            // "[...]..." repeats an optional part: once is enough here
            String text = line.replace("]...", "]");
            // innermost groups first: kept with the first alternative when every placeholder has a value
            for (Matcher m = OPTIONAL.matcher(text); m.find(); m = OPTIONAL.matcher(text)) {
                String group = m.group(1).split("\\|")[0];
                // --resume needs an interrupted run (RunResumeTest)
                boolean kept = fill(group, values) != null && !group.contains("--resume");
                text = text.substring(0, m.start()) + (kept ? group : "") + text.substring(m.end());
            }
            String filled = fill(text, values);
            assertTrue(filled != null, "a README usage line has a placeholder without a value: " + line);
            List<String> words = new ArrayList<>(Arrays.asList(filled.strip().split(" +")));
            words.remove(0);
            int second = words.lastIndexOf("--weights");
            if (second != words.indexOf("--weights")) {
                // compile's own [--weights W.h5] besides the one MODEL stands for
                words.subList(second, second + 2).clear();
            }
            lines.putIfAbsent(words.get(0), words);
        }
        return lines;
    }

    /** The words with each placeholder replaced; null when one has no value. */
    private static String fill(String words, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (String w : words.strip().split(" +")) {
            if (w.isEmpty()) {
                continue;
            }
            if (values.containsKey(w)) {
                out.append(values.get(w));
            } else if (!w.startsWith("--") && !w.startsWith("-o") && !w.startsWith("./loihi") && !w.equals("run")
                    && !ORDER.contains(w) && !w.matches("[0-9,]+") && w.matches(".*[A-Z].*")) {
                return null;
            } else {
                out.append(w);
            }
            out.append(' ');
        }
        return out.toString();
    }
}
