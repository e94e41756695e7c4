package dev.undertide.servlet.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

import org.jspecify.annotations.Nullable;

/**
 * Single-pass percent-decoder for request paths that rejects anything ambiguous instead
 * of guessing.
 */
final class PercentDecoder {

	private static final String ENCODED_SLASH = "%2F";

	private final String path;

	private final boolean allowEncodedSlash;

	private final StringBuilder decoded;

	// Consecutive escapes are collected first because one character may span several bytes
	private final byte[] pendingBytes;

	private int pendingCount;

	private final CharsetDecoder charsetDecoder;

	private PercentDecoder(String path, Charset charset, boolean allowEncodedSlash) {
		this.path = path;
		this.allowEncodedSlash = allowEncodedSlash;
		this.decoded = new StringBuilder(path.length());
		this.pendingBytes = new byte[path.length() / 3];
		// Malformed input is rejected rather than replaced so that no two paths decode alike by accident
		this.charsetDecoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
	}

	/**
	 * Decode every {@code %XX} escape of the given path exactly once.
	 * @return the decoded path, the given instance if it has no escapes, or {@code null}
	 * if an escape is invalid, encodes NUL, or forms bytes that are malformed in the charset
	 */
	static @Nullable String decode(String path, Charset charset, boolean allowEncodedSlash) {
		int firstEscape = path.indexOf('%');
		if (firstEscape < 0) {
			return path;
		}
		return new PercentDecoder(path, charset, allowEncodedSlash).decodeFrom(firstEscape);
	}

	private @Nullable String decodeFrom(int firstEscape) {
		this.decoded.append(this.path, 0, firstEscape);
		int i = firstEscape;
		while (i < this.path.length()) {
			char c = this.path.charAt(i);
			if (c != '%') {
				if (!flushPendingBytes()) {
					return null;
				}
				this.decoded.append(c);
				i++;
				continue;
			}
			int value = escapedByte(i);
			if (value <= 0) {
				return null;
			}
			if (value == '/' && !this.allowEncodedSlash) {
				if (!flushPendingBytes()) {
					return null;
				}
				this.decoded.append(ENCODED_SLASH);
			}
			else {
				this.pendingBytes[this.pendingCount++] = (byte) value;
			}
			i += 3;
		}
		return flushPendingBytes() ? this.decoded.toString() : null;
	}

	// Returns -1 for a malformed escape and 0 for an encoded NUL, both of which are rejected
	private int escapedByte(int percent) {
		if (percent + 2 >= this.path.length()) {
			return -1;
		}
		int high = hexValue(this.path.charAt(percent + 1));
		int low = hexValue(this.path.charAt(percent + 2));
		return (high < 0 || low < 0) ? -1 : (high << 4) | low;
	}

	// Not Character.digit: that also accepts non-ASCII digits such as '\u0661'
	private static int hexValue(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	private boolean flushPendingBytes() {
		if (this.pendingCount == 0) {
			return true;
		}
		try {
			this.decoded.append(this.charsetDecoder.decode(ByteBuffer.wrap(this.pendingBytes, 0, this.pendingCount)));
			this.pendingCount = 0;
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
