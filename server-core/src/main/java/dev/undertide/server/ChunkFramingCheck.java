package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import io.undertow.conduits.ChunkedStreamSourceConduit;
import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Checks the framing of a chunked request body as its raw bytes arrive, beneath undertow-core's chunked
 * decoding, which is lenient: it takes a bare LF for CRLF, ignores what stands between a chunk's data and
 * the next size, and reads chunk extensions of any length. A front proxy that frames the same bytes
 * strictly would see other requests than undertow does (request smuggling); an endless extension ties the
 * connection up. RFC 9112 §7.1 is held to instead: a size of at most {@value #MAX_SIZE_DIGITS} hex
 * digits, extensions after optional whitespace and a semicolon, at most {@value #MAX_LINE_EXTRA} bytes of
 * them, every line ended by CRLF, CRLF after each chunk's data, and at most {@value #MAX_TRAILER_BYTES}
 * bytes of trailer fields, each named by a token (undertow's decoding fails on others with an unchecked
 * exception). A body that breaks a rule fails its read; undertow's decoding then closes the
 * connection, so nothing after the body is parsed.
 * <p>
 * The check sits beneath the connection's buffer of bytes read ahead, so bytes the decoding hands back
 * there are not checked twice; those already in the buffer when the body begins are checked up front.
 */
final class ChunkFramingCheck extends AbstractStreamSourceConduit<StreamSourceConduit> {

	private static final int MAX_SIZE_DIGITS = 15;

	private static final int MAX_LINE_EXTRA = 4096;

	private static final int MAX_TRAILER_BYTES = 8192;

	/** The characters of a token besides letters and digits. */
	private static final String TOKEN = "!#$%&'*+-.^_`|~";

	private enum State {
		SIZE_START, SIZE, BEFORE_EXTENSION, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START,
		TRAILER_NAME, TRAILER_VALUE, TRAILER_LF, END_LF, DONE
	}

	private State state = State.SIZE_START;

	private long chunkSize;

	/** Digits or extension bytes on the current size line; trailer bytes in the trailer section. */
	private int counted;

	private ChunkFramingCheck(StreamSourceConduit next) {
		super(next);
	}

	/**
	 * Decodes the chunked body of {@code exchange} with undertow's decoding on top of this check, in place of
	 * the decoding undertow-core set up. To be called before anything reads the body.
	 */
	static void install(HttpServerExchange exchange, HttpServerConnection connection) throws IOException {
		ChunkFramingCheck check = new ChunkFramingCheck(connection.getOriginalSourceConduit());
		PooledByteBuffer readAhead = connection.getExtraBytes();
		if (readAhead != null) {
			check.check(readAhead.getBuffer().duplicate());
		}
		StreamSourceConduit readAheadFirst = new ReadDataStreamSourceConduit(check, connection);
		connection.getChannel()
			.getSourceChannel()
			.setConduit(new ChunkedStreamSourceConduit(readAheadFirst, exchange, (decoding) -> {
				// What undertow-core's own decoding does when it finishes or is cut short.
				if (!decoding.isFinished()) {
					exchange.setPersistent(false);
				}
				Connectors.terminateRequest(exchange);
			}));
	}

	@Override
	public int read(ByteBuffer destination) throws IOException {
		int start = destination.position();
		int read = this.next.read(destination);
		if (read > 0) {
			check(destination.duplicate().position(start).limit(start + read));
		}
		return read;
	}

	@Override
	public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
		int[] starts = new int[length];
		for (int i = 0; i < length; i++) {
			starts[i] = destinations[offset + i].position();
		}
		long read = this.next.read(destinations, offset, length);
		for (int i = 0; i < length && read > 0; i++) {
			ByteBuffer destination = destinations[offset + i];
			check(destination.duplicate().position(starts[i]).limit(destination.position()));
		}
		return read;
	}

	@Override
	public long transferTo(long position, long count, FileChannel target) throws IOException {
		return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
	}

	@Override
	public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
		return Conduits.transfer(this, count, throughBuffer, target);
	}

	/** Follows the framing through {@code bytes}, which it does not consume. */
	private void check(ByteBuffer bytes) throws IOException {
		while (bytes.hasRemaining() && this.state != State.DONE) {
			if (this.state == State.DATA) {
				int skipped = (int) Math.min(bytes.remaining(), this.chunkSize);
				bytes.position(bytes.position() + skipped);
				this.chunkSize -= skipped;
				if (this.chunkSize == 0) {
					this.state = State.DATA_CR;
				}
				continue;
			}
			this.state = next(bytes.get() & 0xff);
		}
	}

	private State next(int b) throws IOException {
		return switch (this.state) {
			case SIZE_START -> {
				requireHexDigit(b);
				this.counted = 0;
				this.chunkSize = 0;
				yield sizeDigit(b);
			}
			case SIZE -> {
				if (Character.digit(b, 16) >= 0) {
					yield sizeDigit(b);
				}
				this.counted = 0;
				yield afterSize(b);
			}
			case BEFORE_EXTENSION -> afterSize(b);
			case EXTENSION -> {
				if (b == '\r') {
					yield State.SIZE_LF;
				}
				requireFieldByte(b, "chunk extension");
				if (++this.counted > MAX_LINE_EXTRA) {
					throw malformed("chunk extensions longer than " + MAX_LINE_EXTRA + " bytes");
				}
				yield State.EXTENSION;
			}
			case SIZE_LF -> {
				require(b, '\n', "a chunk size line not ended by CRLF");
				this.counted = 0;
				yield (this.chunkSize == 0) ? State.TRAILER_START : State.DATA;
			}
			case DATA_CR -> {
				require(b, '\r', "chunk data not followed by CRLF");
				yield State.DATA_LF;
			}
			case DATA_LF -> {
				require(b, '\n', "chunk data not followed by CRLF");
				yield State.SIZE_START;
			}
			case TRAILER_START -> {
				if (b == '\r') {
					yield State.END_LF;
				}
				yield trailerNameByte(b);
			}
			case TRAILER_NAME -> (b == ':') ? trailerByte(State.TRAILER_VALUE) : trailerNameByte(b);
			case TRAILER_VALUE -> {
				if (b == '\r') {
					yield State.TRAILER_LF;
				}
				requireFieldByte(b, "trailer field");
				yield trailerByte(State.TRAILER_VALUE);
			}
			case TRAILER_LF -> {
				require(b, '\n', "a trailer field line not ended by CRLF");
				yield State.TRAILER_START;
			}
			case END_LF -> {
				require(b, '\n', "a chunked body not ended by CRLF");
				yield State.DONE;
			}
			case DATA, DONE -> throw new IllegalStateException("No framing byte is expected in state " + this.state);
		};
	}

	private State sizeDigit(int b) throws IOException {
		if (++this.counted > MAX_SIZE_DIGITS) {
			throw malformed("a chunk size of more than " + MAX_SIZE_DIGITS + " hex digits");
		}
		this.chunkSize = this.chunkSize * 16 + Character.digit(b, 16);
		return State.SIZE;
	}

	/**
	 * After a chunk size and any whitespace: more whitespace, the extensions, or the end of the line
	 * (whitespace before it is tolerated, as common servers do).
	 */
	private State afterSize(int b) throws IOException {
		if (b == ' ' || b == '\t') {
			if (++this.counted > MAX_LINE_EXTRA) {
				throw malformed("chunk extensions longer than " + MAX_LINE_EXTRA + " bytes");
			}
			return State.BEFORE_EXTENSION;
		}
		if (b == ';') {
			return State.EXTENSION;
		}
		if (b == '\r') {
			return State.SIZE_LF;
		}
		throw malformed("an unexpected byte 0x" + Integer.toHexString(b) + " on a chunk size line");
	}

	/** A byte of a trailer field's name, which must be a token (RFC 9110 §5.1). */
	private State trailerNameByte(int b) throws IOException {
		boolean token = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
				|| TOKEN.indexOf(b) >= 0;
		if (!token) {
			throw malformed("a trailer field name that is not a token");
		}
		return trailerByte(State.TRAILER_NAME);
	}

	private State trailerByte(State next) throws IOException {
		if (++this.counted > MAX_TRAILER_BYTES) {
			throw malformed("trailer fields longer than " + MAX_TRAILER_BYTES + " bytes");
		}
		return next;
	}

	private static void requireHexDigit(int b) throws IOException {
		if (Character.digit(b, 16) < 0) {
			throw malformed("a chunk size line that does not start with a hex digit");
		}
	}

	private static void requireFieldByte(int b, String what) throws IOException {
		if ((b < 0x20 && b != '\t') || b == 0x7f) {
			throw malformed("a control character in a " + what);
		}
	}

	private static void require(int b, int expected, String what) throws IOException {
		if (b != expected) {
			throw malformed(what);
		}
	}

	private static IOException malformed(String what) {
		return new IOException("Malformed chunked request body: " + what);
	}

}
