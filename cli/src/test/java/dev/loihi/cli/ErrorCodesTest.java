package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.board.BoardErrors;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.emulator.EmulatorErrors;
import dev.loihi.emulator.server.ServerErrors;
import dev.loihi.host.HostErrors;
import dev.loihi.image.ImageErrors;
import dev.loihi.snips.SnipErrors;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Error codes have one place per module (its registry class), are documented in docs/ERRORS.md,
 * and are never written inline or declared anywhere else in the main sources.
 */
class ErrorCodesTest {
    private static final Map<String, Class<?>> REGISTRIES = Map.of(
            "proto", ImageErrors.class, "compiler", CompilerErrors.class, "snips", SnipErrors.class,
            "emulator", EmulatorErrors.class, "emulator-server", ServerErrors.class, "board", BoardErrors.class,
            "host", HostErrors.class, "cli", CliErrors.class);
    private static final Pattern INLINE = Pattern.compile("LoihiException\\(\\s*\"");
    private static final Pattern DECLARED = Pattern.compile(
            "static final String (\\w+) = \"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\";");

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void shouldListEveryCodeOnceWithItsOwnName() throws IllegalAccessException {
        Set<String> seen = new HashSet<>();
        for (Class<?> registry : REGISTRIES.values()) {
            List<String> fields = new ArrayList<>();
            for (Field f : registry.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    String code = (String) f.get(null);
                    assertEquals(f.getName(), code, "a code's constant is named as the code: " + registry.getName());
                    assertTrue(seen.add(code), "code listed in two modules: " + code);
                    fields.add(code);
                }
            }
            assertEquals(new HashSet<>(fields), new HashSet<>(all(registry)), "ALL lists every code: " + registry.getName());
        }
    }

    @Test
    void shouldDocumentEveryCode() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/ERRORS.md"));
        List<String> missing = new ArrayList<>();
        for (Class<?> registry : REGISTRIES.values()) {
            for (String code : all(registry)) {
                if (!doc.contains("| `" + code + "` | ")) {
                    missing.add(code);
                }
            }
        }
        assertTrue(missing.isEmpty(), "codes not in docs/ERRORS.md: " + missing);
    }

    @Test
    void shouldWriteNoCodeInlineNorDeclareOneOutsideItsRegistry() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Map.Entry<String, Class<?>> e : REGISTRIES.entrySet()) {
            Path sources = ROOT.resolve(e.getKey()).resolve("src/main/java");
            String registryFile = e.getValue().getName().replace('.', '/') + ".java";
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String src = Files.readString(p);
                    if (INLINE.matcher(src).find()) {
                        offences.add("inline code in " + ROOT.relativize(p));
                    }
                    Matcher m = DECLARED.matcher(src);
                    while (!p.endsWith(registryFile) && m.find()) {
                        if (isCode(m.group(2))) {
                            offences.add("code " + m.group(2) + " declared in " + ROOT.relativize(p));
                        }
                    }
                }
            }
        }
        assertTrue(offences.isEmpty(), String.join("\n", offences));
    }

    private static boolean isCode(String value) {
        return REGISTRIES.values().stream().anyMatch(r -> all(r).contains(value));
    }

    @SuppressWarnings("unchecked")
    private static List<String> all(Class<?> registry) {
        try {
            return (List<String>) registry.getField("ALL").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("registry without ALL: " + registry.getName(), e);
        }
    }
}
