package dev.loihi.cli.config;

import dev.loihi.cli.CliErrors;
import static dev.loihi.common.MessageText.oneLine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import dev.loihi.common.LoihiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the settings from their layers, lowest first: built-in defaults ({@code reference.conf}
 * beside this class), the user's file ({@code $LOIHI_USER_CONFIG}, else
 * {@code ~/.config/loihi/loihi.conf}), {@code loihi.conf} in the working directory, the
 * {@code --config} file, environment variables ({@code LOIHI_} + key in upper case, dots as
 * underscores), then {@code --set key=value}. Files are HOCON read by typesafe config, which
 * keeps the file and line of every value for the error messages and for {@code loihi config}.
 */
public final class SettingsLoader {
    private SettingsLoader() {}

    public static final String FILE_NAME = "loihi.conf";
    public static final String USER_CONFIG_ENV = "LOIHI_USER_CONFIG";
    static final String REFERENCE = "reference.conf";

    private static final ConfigParseOptions FILE_OPTIONS = ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.CONF).setAllowMissing(false).setIncluder(new NoIncludes());

    public static LoihiSettings load(Path workingDir, Optional<Path> configFile, Map<String, String> env,
                                     List<String> setOverrides) {
        List<String> layers = new ArrayList<>();
        Config merged = reference();
        layers.add("built-in defaults (" + REFERENCE + ")");

        String userOverride = env.get(USER_CONFIG_ENV);
        Path userFile = userOverride != null && !userOverride.isEmpty()
                ? Path.of(userOverride)
                : Path.of(System.getProperty("user.home"), ".config", "loihi", FILE_NAME);
        merged = layer(merged, userFile, userOverride != null && !userOverride.isEmpty(), layers);
        merged = layer(merged, workingDir.resolve(FILE_NAME), false, layers);
        if (configFile.isPresent()) {
            merged = layer(merged, workingDir.resolve(configFile.get()), true, layers);
        }
        Config fromEnv = environment(env);
        if (!fromEnv.isEmpty()) {
            layers.add("environment (" + String.join(", ", envNames(env)) + ")");
        }
        merged = fromEnv.withFallback(merged);
        Config fromSet = overrides(setOverrides);
        if (!setOverrides.isEmpty()) {
            layers.add("--set (" + String.join(", ", setOverrides.stream().map(SettingsLoader::shownSet).toList()) + ")");
        }
        merged = fromSet.withFallback(merged);
        try {
            merged = merged.resolve();
        } catch (ConfigException e) {
            throw new LoihiException(CliErrors.CONFIG_SYNTAX, "settings do not resolve: reason=" + oneLine(e.getMessage()), e);
        }
        return new LoihiSettings.Context(merged, layers).conclude();
    }

    /** The built-in defaults alone. */
    public static LoihiSettings defaults() {
        return new LoihiSettings.Context(reference().resolve(), List.of("built-in defaults (" + REFERENCE + ")")).conclude();
    }

    static Config reference() {
        return ConfigFactory.parseResources(SettingsLoader.class, REFERENCE, FILE_OPTIONS);
    }

    /** Settings files are a few kilobytes. */
    static final long MAX_FILE_BYTES = 16L << 20;

    private static Config layer(Config below, Path file, boolean required, List<String> layers) {
        if (!Files.exists(file)) {
            if (required) {
                throw new LoihiException(CliErrors.CONFIG_FILE, "config file not found: file=" + file);
            }
            layers.add(file + " (absent)");
            return below;
        }
        String text = dev.loihi.common.InputFiles.readText(file, MAX_FILE_BYTES, CliErrors.CONFIG_FILE, "config file");
        int deep = NestingDepth.lineBeyond(text, NestingDepth.MAX_DEPTH);
        if (deep > 0) {
            throw new LoihiException(CliErrors.CONFIG_SYNTAX, "config file nests too deep: file=" + file + ", line=" + deep
                    + ", maxDepth=" + NestingDepth.MAX_DEPTH);
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(file.toFile(), FILE_OPTIONS);
        } catch (ConfigException.Parse e) {
            throw new LoihiException(CliErrors.CONFIG_SYNTAX, "config file does not parse: file=" + file
                    + (e.origin() != null && e.origin().lineNumber() > 0 ? ", line=" + e.origin().lineNumber() : "")
                    + ", reason=" + oneLine(e.getMessage()), e);
        } catch (NoIncludes.Refused e) {
            throw new LoihiException(CliErrors.CONFIG_SYNTAX, "config files may not include others: file=" + file
                    + ", include=" + oneLine(e.what));
        } catch (ConfigException e) {
            throw new LoihiException(CliErrors.CONFIG_FILE, "config file cannot be read: file=" + file
                    + ", reason=" + oneLine(e.getMessage()), e);
        }
        layers.add(file.toString());
        return parsed.withFallback(below);
    }

    /** Known keys from LOIHI_* variables; a LOIHI_HARDWARE_*, LOIHI_LINK_* ... that names no key is an error. */
    private static Config environment(Map<String, String> env) {
        Set<String> sections = new HashSet<>();
        for (SettingKey k : SettingKeys.ALL) {
            sections.add(SettingKey.ENV_PREFIX + k.section().toUpperCase(java.util.Locale.ROOT) + "_");
        }
        Config out = ConfigFactory.empty();
        Set<String> used = new HashSet<>();
        for (SettingKey k : SettingKeys.ALL) {
            String value = env.get(k.envName());
            if (value != null) {
                used.add(k.envName());
                out = out.withValue(k.path(), ConfigValueFactory.fromAnyRef(value, "environment variable " + k.envName()));
            }
        }
        for (String name : new TreeMap<>(env).keySet()) {
            if (!used.contains(name) && sections.stream().anyMatch(name::startsWith)) {
                throw new LoihiException(CliErrors.CONFIG_UNKNOWN_KEY, "unknown setting in the environment: variable=" + name
                        + SettingKeys.closestEnv(name).map(k -> ", didYouMean=" + k).orElse(""));
            }
        }
        return out;
    }

    private static List<String> envNames(Map<String, String> env) {
        List<String> names = new ArrayList<>();
        for (SettingKey k : SettingKeys.ALL) {
            if (env.containsKey(k.envName())) {
                names.add(k.envName());
            }
        }
        return names;
    }

    /** {@code key=value}: the value is taken as text and typed when validated, like an environment value. */
    private static Config overrides(List<String> sets) {
        Config out = ConfigFactory.empty();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new LoihiException(CliErrors.CONFIG_BAD_SET, "--set needs key=value: argument=" + set);
            }
            String key = set.substring(0, eq).trim();
            String value = set.substring(eq + 1).trim();
            try {
                out = out.withValue(key, ConfigValueFactory.fromAnyRef(value, "--set " + shownSet(set)));
            } catch (ConfigException e) {
                throw new LoihiException(CliErrors.CONFIG_BAD_SET, "--set key is not a setting path: argument=" + set
                        + ", reason=" + oneLine(e.getMessage()), e);
            }
        }
        return out;
    }

    /** {@code key=value} as printed: a secret key's value is never shown. */
    private static String shownSet(String set) {
        int eq = set.indexOf('=');
        boolean secret = eq > 0 && SettingKeys.byPath(set.substring(0, eq).trim())
                .map(k -> k.type() == SettingKey.Type.SECRET).orElse(false);
        return secret ? set.substring(0, eq + 1) + "(not shown)" : set;
    }
}
