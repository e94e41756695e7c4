package dev.undertide.boot.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.undertide.server.UndertideServer;
import io.undertow.UndertowOptions;
import org.xnio.Option;
import org.xnio.Options;

/**
 * An undertow server option or XNIO socket option set by name from {@code server.undertow.options.*},
 * resolved once at start-up: an unknown name or a value of the wrong type fails start-up with a message
 * naming the property.
 */
final class NamedOption<T> {

	private final Option<T> option;

	private final T value;

	private final boolean server;

	private NamedOption(Option<T> option, T value, boolean server) {
		this.option = option;
		this.value = value;
		this.server = server;
	}

	static NamedOption<?> server(String name, String value) {
		return resolve(UndertowOptions.class, "server.undertow.options.server." + name, name, value, true);
	}

	static NamedOption<?> socket(String name, String value) {
		return resolve(Options.class, "server.undertow.options.socket." + name, name, value, false);
	}

	private static NamedOption<?> resolve(Class<?> constants, String property, String name, String value,
			boolean server) {
		Option<?> option = find(constants, name);
		if (option == null) {
			throw new InvalidServerPropertyException(property, value,
					"'" + name + "' is no option of " + constants.getName(), knownNames(constants));
		}
		return parsed(option, property, value, server);
	}

	private static <T> NamedOption<T> parsed(Option<T> option, String property, String value, boolean server) {
		try {
			return new NamedOption<>(option, option.parseValue(value, NamedOption.class.getClassLoader()), server);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidServerPropertyException(property, value, option + " cannot take this value",
					"a value of the option's type");
		}
	}

	private static Option<?> find(Class<?> constants, String name) {
		try {
			Field field = constants.getField(name);
			return (Modifier.isStatic(field.getModifiers()) && field.get(null) instanceof Option<?> option) ? option
					: null;
		}
		catch (NoSuchFieldException | IllegalAccessException ex) {
			return null;
		}
	}

	private static String knownNames(Class<?> constants) {
		return Arrays.stream(constants.getFields())
			.filter((field) -> Option.class.isAssignableFrom(field.getType()))
			.map(Field::getName)
			.sorted()
			.collect(Collectors.joining(", "));
	}

	void applyTo(UndertideServer.Builder builder) {
		if (this.server) {
			builder.serverOption(this.option, this.value);
		}
		else {
			builder.socketOption(this.option, this.value);
		}
	}

}
