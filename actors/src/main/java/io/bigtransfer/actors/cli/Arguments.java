package io.bigtransfer.actors.cli;

import io.bigtransfer.config.SettingsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A subcommand's arguments: {@code --name value} options, {@code --flag}s and the remaining words. */
final class Arguments {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> words = new ArrayList<>();

    private Arguments() {
    }

    /**
     * @param valued options that take a value
     * @param flags  options that stand alone
     */
    static Arguments parse(List<String> args, Set<String> valued, Set<String> flags) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (valued.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option " + arg + " needs a value.");
                }
                parsed.options.put(arg, args.get(++i));
            } else if (flags.contains(arg)) {
                parsed.options.put(arg, "");
            } else if (arg.startsWith("--")) {
                throw new UsageException("unknown option " + arg + "; see bit --help.");
            } else {
                parsed.words.add(arg);
            }
        }
        return parsed;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name).orElseThrow(() -> new UsageException("option " + name + " is required; see bit --help."));
    }

    /** Option {@code name} as a positive whole number, or {@code fallback} when it is absent. */
    int positiveInt(String name, int fallback) {
        return option(name).map(text -> positiveInt(name, text)).orElse(fallback);
    }

    /** {@code text}, given for option {@code name}, as a positive whole number; else one sentence naming both. */
    static int positiveInt(String name, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Refused below with the same sentence as a non-positive number.
        }
        throw new SettingsException("option " + name + " must be a positive whole number, but is '" + text + "'.");
    }

    List<String> words() {
        return List.copyOf(words);
    }
}
