package io.bigtransfer.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the engine's configuration: command-line overrides over a config file (or preset) over
 * the defaults in {@code reference.conf}, and refuses any key under {@code bit} that the defaults do
 * not name, before anything starts.
 */
public final class BitConfig {
    private static final String ROOT = "bit";
    private static final String REFERENCE = "reference.conf";
    /** Printed at the start of runs and stored in checkpoints, so their values are never rendered. */
    private static final Set<String> SECRETS = Set.of("bit.s3.secret-access-key");

    private BitConfig() {
    }

    /**
     * @param file      a HOCON file, or empty
     * @param overrides {@code key=value} arguments, later ones winning
     */
    public static Config load(Optional<Path> file, List<String> overrides) {
        Config fromFile = file.map(BitConfig::parseFile).orElse(ConfigFactory.empty());
        return load(fromFile, overrides);
    }

    public static Config loadPreset(String presetName, List<String> overrides) {
        String resource = "presets/" + presetName + ".conf";
        Config preset = ConfigFactory.parseResources(BitConfig.class.getClassLoader(), resource,
                ConfigParseOptions.defaults().setAllowMissing(false));
        return load(preset, overrides);
    }

    private static Config load(Config base, List<String> overrides) {
        Config user = parseOverrides(overrides).withFallback(base);
        Config reference = ConfigFactory.parseResources(BitConfig.class.getClassLoader(), REFERENCE)
                .withOnlyPath(ROOT);
        refuseUnknownKeys(user, reference);
        return user.withFallback(reference).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
    }

    /**
     * The resolved settings under {@code bit}, one {@code key = value} line each in key order: valid
     * HOCON, for printing at the start of a run and for checkpoints. A secret's value shows as
     * {@code "(hidden)"}.
     */
    public static String render(Config config) {
        Config settings = config.withOnlyPath(ROOT);
        StringBuilder text = new StringBuilder();
        for (String key : leafKeys(settings)) {
            String value = settings.getIsNull(key) ? "null" : SECRETS.contains(key) ? "\"(hidden)\""
                    : settings.getValue(key).render(ConfigRenderOptions.concise());
            text.append(key).append(" = ").append(value).append('\n');
        }
        return text.toString();
    }

    /** Whether {@code key} holds a value the user set (in a file or an override), not its default. */
    public static boolean isSetByUser(Config config, String key) {
        return config.hasPath(key) && !REFERENCE.equals(config.getValue(key).origin().resource());
    }

    /**
     * {@code config} with {@code derived} values (e.g. a HyperRule's) in place of every key the user
     * left at its default; a value the user set always wins. Keys must exist in {@code reference.conf}.
     */
    public static Config withDerived(Config config, Map<String, Object> derived, String derivedBy) {
        Config result = config;
        for (Map.Entry<String, Object> entry : derived.entrySet()) {
            String key = entry.getKey();
            if (!config.hasPathOrNull(key)) {
                throw new IllegalArgumentException("no setting " + key + " to derive");
            }
            if (!isSetByUser(config, key)) {
                result = result.withValue(key, ConfigValueFactory.fromAnyRef(entry.getValue(), derivedBy));
            }
        }
        return result;
    }

    private static Config parseFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new SettingsException("config file " + path + " does not exist or is not a file.");
        }
        try {
            return ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
        } catch (ConfigException e) {
            throw new SettingsException("config file " + path + " is not valid HOCON: " + e.getMessage());
        }
    }

    private static Config parseOverrides(List<String> overrides) {
        Config result = ConfigFactory.empty();
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new SettingsException("argument '" + override + "' is not of the form key=value.");
            }
            String key = override.substring(0, equals).trim();
            if (!key.startsWith(ROOT + ".")) {
                throw new SettingsException("key " + key + " is not a setting of this engine (settings start with 'bit.').");
            }
            Config single;
            try {
                single = ConfigFactory.empty().withValue(key, parseValue(override.substring(equals + 1)));
            } catch (ConfigException.BadPath e) {
                throw new SettingsException("key '" + key + "' is not a valid setting name.");
            }
            result = single.withFallback(result);
        }
        return result;
    }

    /**
     * Reads a value as HOCON where that gives a number, boolean, list, object or quoted string;
     * anything else is taken literally, so paths and URIs such as {@code s3://bucket/x} need no quoting ({@code //}
     * would start a HOCON comment).
     */
    private static ConfigValue parseValue(String text) {
        try {
            ConfigValue parsed = ConfigFactory.parseString("v = " + text).root().get("v");
            if (parsed.valueType() != ConfigValueType.STRING || text.strip().startsWith("\"")) {
                return parsed;
            }
        } catch (ConfigException e) {
            // Not HOCON: a literal string.
        }
        return ConfigValueFactory.fromAnyRef(text.trim());
    }

    private static void refuseUnknownKeys(Config user, Config reference) {
        if (!user.hasPathOrNull(ROOT)) {
            return;
        }
        Set<String> known = leafKeys(reference);
        for (String key : leafKeys(user.withOnlyPath(ROOT))) {
            if (!known.contains(key)) {
                throw new SettingsException("unknown setting " + key + "; did you mean " + KeyDistance.nearest(key, known) + "?");
            }
        }
    }

    private static Set<String> leafKeys(Config config) {
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
            keys.add(entry.getKey());
        }
        addNullKeys(config, ROOT, keys);
        return keys;
    }

    /** {@code entrySet()} skips null values, but a null default still names a valid key. */
    private static void addNullKeys(Config config, String path, Set<String> keys) {
        for (String child : config.getConfig(path).root().keySet()) {
            String childPath = path + "." + child;
            if (config.getIsNull(childPath)) {
                keys.add(childPath);
            } else if (config.getValue(childPath).valueType() == ConfigValueType.OBJECT) {
                addNullKeys(config, childPath, keys);
            }
        }
    }
}
