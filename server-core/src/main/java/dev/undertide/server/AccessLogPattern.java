package dev.undertide.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.undertow.attribute.ConstantExchangeAttribute;
import io.undertow.attribute.ExchangeAttribute;
import io.undertow.attribute.ExchangeAttributeWrapper;
import io.undertow.attribute.ExchangeAttributes;
import io.undertow.attribute.ResponseTimeAttribute;
import io.undertow.attribute.SubstituteEmptyWrapper;

/**
 * An access log line format in undertow's syntax, parsed once: {@code %h %l %u %t "%r" %s %b}, {@code %D}
 * for the duration in milliseconds, {@code %{i,Name}} for a request header, {@link RequestIdAttribute
 * %{REQUEST_ID}}, and undertow's other tokens, or one of the names {@code common}, {@code combined},
 * {@code commonobf} and {@code combinedobf}. Empty values are written as {@code -}.
 * <p>
 * undertow writes a token it does not know literally, so a typo would go unnoticed into every line; here
 * it is refused instead.
 */
public final class AccessLogPattern {

	private static final String COMMON = "%h %l %u %t \"%r\" %s %b";

	private static final String COMMON_OBFUSCATED = "%o %l %u %t \"%r\" %s %b";

	private static final String REFERER_AND_USER_AGENT = " \"%{i,Referer}\" \"%{i,User-Agent}\"";

	private static final Map<String, String> NAMED = Map.of("common", COMMON, "combined",
			COMMON + REFERER_AND_USER_AGENT, "commonobf", COMMON_OBFUSCATED, "combinedobf",
			COMMON_OBFUSCATED + REFERER_AND_USER_AGENT);

	private final String format;

	private final ExchangeAttribute line;

	private final boolean timed;

	private AccessLogPattern(String format, ExchangeAttribute line, boolean timed) {
		this.format = format;
		this.line = line;
		this.timed = timed;
	}

	/**
	 * Parses a pattern or a pattern's name.
	 * @throws IllegalArgumentException if the pattern is empty, has unbalanced braces, or has a token
	 * undertow does not know; the message says which
	 */
	public static AccessLogPattern parse(String pattern) {
		String format = NAMED.getOrDefault(pattern, pattern);
		if (format.isBlank()) {
			throw new IllegalArgumentException("the pattern is empty");
		}
		Inspection inspection = new Inspection();
		ExchangeAttribute line;
		try {
			line = ExchangeAttributes.parser(AccessLogPattern.class.getClassLoader(), inspection,
					new SubstituteEmptyWrapper("-"))
				.parse(format);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		List<String> unknown = inspection.unknownTokens;
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("undertow does not know the token" + ((unknown.size() > 1) ? "s " : " ")
					+ String.join(", ", unknown));
		}
		return new AccessLogPattern(format, line, inspection.timed);
	}

	/** The pattern with a name replaced by what it stands for. */
	String getFormat() {
		return this.format;
	}

	/** What writes one line for an exchange. */
	ExchangeAttribute getLine() {
		return this.line;
	}

	/**
	 * Whether a token measures the request's duration, which needs undertow to record when each request
	 * started.
	 */
	boolean isTimed() {
		return this.timed;
	}

	/** Notes, while undertow parses, the tokens it did not know and whether one measures time. */
	private static final class Inspection implements ExchangeAttributeWrapper {

		private final List<String> unknownTokens = new ArrayList<>();

		private boolean timed;

		@Override
		public ExchangeAttribute wrap(ExchangeAttribute attribute) {
			String text = attribute.toString();
			// undertow turns a token it does not know into a constant of the token's own text.
			if (attribute instanceof ConstantExchangeAttribute && text.length() > 1 && text.startsWith("%")) {
				this.unknownTokens.add(text);
			}
			this.timed |= attribute instanceof ResponseTimeAttribute;
			return attribute;
		}

	}

}
