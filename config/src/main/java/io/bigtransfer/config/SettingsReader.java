package io.bigtransfer.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
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
        int value = wholeNumber(key);
        if (value <= 0) {
            throw invalid(key, "a positive whole number");
        }
        return value;
    }

    int nonNegativeInt(String key) {
        int value = wholeNumber(key);
        if (value < 0) {
            throw invalid(key, "zero or a positive whole number");
        }
        return value;
    }

    OptionalInt optionalNonNegativeInt(String key) {
        return config.getIsNull(key) ? OptionalInt.empty() : OptionalInt.of(nonNegativeInt(key));
    }

    long anyLong(String key) {
        try {
            return config.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw invalid(key, "a whole number");
        }
    }

    double positiveDouble(String key) {
        double value = number(key);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(key, "a positive number");
        }
        return value;
    }

    double fraction(String key) {
        double value = number(key);
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
        double value = number(key);
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
        try {
            return config.getString(key);
        } catch (ConfigException.WrongType e) {
            throw invalid(key, "a string");
        }
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
        List<Integer> values;
        try {
            values = config.getIntList(key);
        } catch (ConfigException.WrongType e) {
            throw invalid(key, "a list of positive whole numbers");
        }
        if (values.stream().anyMatch(v -> v <= 0)) {
            throw invalid(key, "a list of positive whole numbers");
        }
        return List.copyOf(values);
    }

    private int wholeNumber(String key) {
        try {
            return config.getInt(key);
        } catch (ConfigException.WrongType e) {
            throw invalid(key, "a whole number");
        }
    }

    private double number(String key) {
        try {
            return config.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw invalid(key, "a number");
        }
    }

    private SettingsException invalid(String key, String expected) {
        return new SettingsException(prefix + key + " must be " + expected + ", but is "
                + config.getValue(key).render() + ".");
    }
}
