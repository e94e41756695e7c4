package dev.undertide.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} data: a query string or a form body.
 */
final class FormParameters {

	private FormParameters() {
	}

	/**
	 * Adds each {@code name=value} pair of the encoded text to the map, in order.
	 * @return how many pairs were added
	 */
	static int parse(String encoded, Charset charset, Map<String, List<String>> into) {
		int added = 0;
		int start = 0;
		int length = encoded.length();
		while (start < length) {
			int end = encoded.indexOf('&', start);
			if (end < 0) {
				end = length;
			}
			if (end > start) {
				int equals = encoded.indexOf('=', start);
				String name;
				String value;
				if (equals < 0 || equals > end) {
					name = decode(encoded, start, end, charset);
					value = "";
				}
				else {
					name = decode(encoded, start, equals, charset);
					value = decode(encoded, equals + 1, end, charset);
				}
				if (!name.isEmpty()) {
					into.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(value);
					added++;
				}
			}
			start = end + 1;
		}
		return added;
	}

	/** Decodes {@code +} and {@code %XX}; a malformed escape is kept as it is. */
	static String decode(String text, int start, int end, Charset charset) {
		int firstSpecial = -1;
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c == '%' || c == '+') {
				firstSpecial = i;
				break;
			}
		}
		if (firstSpecial < 0) {
			return text.substring(start, end);
		}
		StringBuilder result = new StringBuilder(end - start);
		result.append(text, start, firstSpecial);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int i = firstSpecial;
		while (i < end) {
			char c = text.charAt(i);
			if (c == '%' && isHexPair(text, i + 1, end)) {
				bytes.reset();
				while (i < end && text.charAt(i) == '%' && isHexPair(text, i + 1, end)) {
					bytes.write((Character.digit(text.charAt(i + 1), 16) << 4) | Character.digit(text.charAt(i + 2), 16));
					i += 3;
				}
				result.append(bytes.toString(charset));
			}
			else {
				result.append((c == '+') ? ' ' : c);
				i++;
			}
		}
		return result.toString();
	}

	private static boolean isHexPair(String text, int index, int end) {
		return index + 1 < end && Character.digit(text.charAt(index), 16) >= 0
				&& Character.digit(text.charAt(index + 1), 16) >= 0;
	}

}
