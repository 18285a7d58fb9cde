package dev.loihi.cli.config;

import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.net.URL;

/**
 * Refuses HOCON {@code include} in settings files: an include could pull in any file or fetch a
 * URL at run time, and a setting's origin would no longer be the file {@code loihi config} names.
 * Every form (plain, file(), url(), classpath()) is refused the same way.
 */
final class NoIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {

    /** Thrown out of the parser; {@link SettingsLoader} turns it into a one-line error naming the file. */
    static final class Refused extends RuntimeException {
        final String what;

        Refused(String what) {
            super("include refused: " + what, null, false, false);
            this.what = what;
        }
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        throw new Refused(what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        throw new Refused("file(" + what + ")");
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        throw new Refused("url(" + what + ")");
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        throw new Refused("classpath(" + what + ")");
    }
}
