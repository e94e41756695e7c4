package dev.undertide.boot.it.streaming.app;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A deterministic pseudo-random byte sequence (xorshift64*), the same for a seed however it is cut into
 * chunks, so the server and the tests can produce and check large bodies without keeping them.
 */
public final class BytePattern {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private long state;

	private long current;

	private int leftInCurrent;

	public BytePattern(long seed) {
		long mixed = seed ^ 0x9E3779B97F4A7C15L;
		this.state = (mixed != 0) ? mixed : 1;
	}

	/** Fills {@code length} bytes at {@code offset} with the next bytes of the sequence. */
	public void fill(byte[] bytes, int offset, int length) {
		int position = offset;
		int end = offset + length;
		while (position < end && this.leftInCurrent > 0) {
			bytes[position++] = (byte) this.current;
			this.current >>>= 8;
			this.leftInCurrent--;
		}
		while (end - position >= 8) {
			LONGS.set(bytes, position, next());
			position += 8;
		}
		if (position < end) {
			this.current = next();
			this.leftInCurrent = 8;
			while (position < end) {
				bytes[position++] = (byte) this.current;
				this.current >>>= 8;
				this.leftInCurrent--;
			}
		}
	}

	private long next() {
		long x = this.state;
		x ^= x << 13;
		x ^= x >>> 7;
		x ^= x << 17;
		this.state = x;
		return x * 0x2545F4914F6CDD1DL;
	}

	/** The whole of a short sequence. */
	public static byte[] bytes(long seed, int size) {
		byte[] bytes = new byte[size];
		new BytePattern(seed).fill(bytes, 0, size);
		return bytes;
	}

	/** SHA-256 (hex) of the first {@code size} bytes of the sequence for {@code seed}. */
	public static String sha256(long seed, long size) {
		MessageDigest digest = sha256();
		BytePattern pattern = new BytePattern(seed);
		byte[] chunk = new byte[64 * 1024];
		for (long left = size; left > 0;) {
			int length = (int) Math.min(chunk.length, left);
			pattern.fill(chunk, 0, length);
			digest.update(chunk, 0, length);
			left -= length;
		}
		return hex(digest);
	}

	public static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	public static String sha256Hex(byte[] bytes) {
		MessageDigest digest = sha256();
		digest.update(bytes);
		return hex(digest);
	}

}
