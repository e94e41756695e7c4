package dev.undertide.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Encodes characters straight into the response stream. It keeps no character buffer of its own (only a
 * dangling high surrogate), so the response buffer is the one buffer and {@code resetBuffer} discards
 * everything written.
 */
final class EncodingWriter extends Writer {

	private final OutputStream out;

	private final CharsetEncoder encoder;

	private final ByteBuffer encoded = ByteBuffer.allocate(1024);

	private final CharBuffer pending = CharBuffer.allocate(2);

	EncodingWriter(OutputStream out, Charset charset) {
		this.out = out;
		this.encoder = charset.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
	}

	@Override
	public void write(char[] chars, int offset, int length) throws IOException {
		encode(CharBuffer.wrap(chars, offset, length));
	}

	@Override
	public void write(String text, int offset, int length) throws IOException {
		encode(CharBuffer.wrap(text, offset, offset + length));
	}

	@Override
	public void write(int c) throws IOException {
		encode(CharBuffer.wrap(new char[] { (char) c }));
	}

	private void encode(CharBuffer input) throws IOException {
		if (this.pending.position() > 0 && input.hasRemaining()) {
			this.pending.put(input.get()).flip();
			encodeAll(this.pending);
			this.pending.clear();
		}
		encodeAll(input);
		if (input.hasRemaining()) {
			// Only a high surrogate waiting for its pair can be left over.
			this.pending.put(input.get());
		}
	}

	private void encodeAll(CharBuffer input) throws IOException {
		while (true) {
			CoderResult result = this.encoder.encode(input, this.encoded, false);
			drain();
			if (result.isUnderflow()) {
				return;
			}
		}
	}

	private void drain() throws IOException {
		if (this.encoded.position() > 0) {
			this.out.write(this.encoded.array(), 0, this.encoded.position());
			this.encoded.clear();
		}
	}

	/** Forgets a dangling surrogate, for when the response buffer is reset. */
	void reset() {
		this.pending.clear();
		this.encoder.reset();
	}

	@Override
	public void flush() throws IOException {
		this.out.flush();
	}

	@Override
	public void close() throws IOException {
		this.out.close();
	}

}
