package io.bigtransfer.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Typed access to one settings subtree whose errors are sentences naming the full key and the
 * offending value, instead of Typesafe Config's exception texts.
 */
final class SettingsReader {
    private final Config config;
    private final String prefix;

    SettingsReader(Config root, String subtree) {
        this.config = root.getConfig(subtree);
        this.prefix = subtree + ".";
    }

    int positiveInt(String key) {
        return wholeNumber(key, 1, "a positive whole number");
    }

    int nonNegativeInt(String key) {
        return wholeNumber(key, 0, "zero or a positive whole number");
    }

    OptionalInt optionalNonNegativeInt(String key) {
        return config.getIsNull(key) ? OptionalInt.empty() : OptionalInt.of(nonNegativeInt(key));
    }

    long anyLong(String key) {
        Number value = numberValue(key, "a whole number");
        if (value.doubleValue() != Math.rint(value.doubleValue()) || Math.abs(value.doubleValue()) > Long.MAX_VALUE) {
            throw invalid(key, "a whole number");
        }
        return value.longValue();
    }

    double positiveDouble(String key) {
        double value = number(key, "a positive number");
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(key, "a positive number");
        }
        return value;
    }

    double fraction(String key) {
        double value = number(key, "a number from 0 up to, but not including, 1");
        if (!(value >= 0 && value < 1)) {
            throw invalid(key, "a number from 0 up to, but not including, 1");
        }
        return value;
    }

    OptionalDouble optionalPositiveDouble(String key) {
        return config.getIsNull(key) ? OptionalDouble.empty() : OptionalDouble.of(positiveDouble(key));
    }

    OptionalDouble optionalNonNegativeDouble(String key) {
        if (config.getIsNull(key)) {
            return OptionalDouble.empty();
        }
        double value = number(key, "zero or a positive number");
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw invalid(key, "zero or a positive number");
        }
        return OptionalDouble.of(value);
    }

    Optional<String> optionalString(String key) {
        if (config.getIsNull(key)) {
            return Optional.empty();
        }
        String value = string(key);
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    String string(String key) {
        if (config.getIsNull(key) || config.getValue(key).valueType() != ConfigValueType.STRING) {
            throw invalid(key, "a string");
        }
        return config.getString(key);
    }

    <E extends Enum<E>> E choice(String key, Class<E> type) {
        String value = string(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
                return constant;
            }
        }
        List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        throw new SettingsException(prefix + key + " must be one of " + String.join(", ", allowed)
                + ", but is '" + value + "'.");
    }

    List<Integer> positiveIntList(String key) {
        if (config.getIsNull(key) || config.getValue(key).valueType() != ConfigValueType.LIST
                || !config.getList(key).stream().allMatch(SettingsReader::isPositiveWholeNumber)) {
            throw invalid(key, "a list of positive whole numbers");
        }
        return config.getIntList(key);
    }

    List<Integer> positiveIntListOrEmpty(String key) {
        if (!config.getIsNull(key) && config.getValue(key).valueType() == ConfigValueType.LIST
                && config.getList(key).isEmpty()) {
            return List.of();
        }
        return positiveIntList(key);
    }

    Duration positiveDuration(String key) {
        String expected = "a positive duration such as 30s or 500ms";
        if (config.getIsNull(key)) {
            throw invalid(key, expected);
        }
        try {
            Duration duration = config.getDuration(key);
            if (!duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (ConfigException e) {
            // Reported below with the value as written.
        }
        throw invalid(key, expected);
    }

    boolean bool(String key) {
        if (config.getIsNull(key) || config.getValue(key).valueType() != ConfigValueType.BOOLEAN) {
            throw invalid(key, "true or false");
        }
        return config.getBoolean(key);
    }

    private static boolean isPositiveWholeNumber(ConfigValue value) {
        return value.valueType() == ConfigValueType.NUMBER && value.unwrapped() instanceof Number number
                && number.doubleValue() == Math.rint(number.doubleValue()) && number.doubleValue() >= 1
                && number.doubleValue() <= Integer.MAX_VALUE;
    }

    private int wholeNumber(String key, int minimum, String expected) {
        double value = numberValue(key, expected).doubleValue();
        if (value != Math.rint(value) || value < minimum || value > Integer.MAX_VALUE) {
            throw invalid(key, expected);
        }
        return (int) value;
    }

    private double number(String key, String expected) {
        return numberValue(key, expected).doubleValue();
    }

    /** A number written as a number; Typesafe Config would also read the string "5", or round 2.9 to 2. */
    private Number numberValue(String key, String expected) {
        if (config.getIsNull(key) || config.getValue(key).valueType() != ConfigValueType.NUMBER) {
            throw invalid(key, expected);
        }
        return config.getNumber(key);
    }

    private SettingsException invalid(String key, String expected) {
        String value = config.getIsNull(key) ? "null" : config.getValue(key).render(ConfigRenderOptions.concise());
        return new SettingsException(prefix + key + " must be " + expected + ", but is " + value + ".");
    }
}
