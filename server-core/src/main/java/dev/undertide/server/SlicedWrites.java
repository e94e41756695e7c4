package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.xnio.channels.StreamSinkChannel;

/**
 * Writes heap buffers to a channel at most {@value #MAX_WRITE} bytes at a time. For every socket write of
 * a heap buffer the JDK first copies the whole buffer into a temporary direct buffer, however little of it
 * the socket then takes, and keeps that buffer cached by the writing thread. A 32 MiB body written whole
 * would copy up to 32 MiB for each write a slow client's socket has room for, and leave 32 MiB of direct
 * memory on every thread that wrote one.
 */
public final class SlicedWrites {

	/** The most bytes handed to the socket in one write. */
	public static final int MAX_WRITE = 64 * 1024;

	private SlicedWrites() {
	}

	/**
	 * Writes what the channel takes now.
	 * @return how many bytes that was
	 */
	public static long write(StreamSinkChannel channel, ByteBuffer data) throws IOException {
		if (data.isDirect()) {
			return channel.write(data);
		}
		int limit = data.limit();
		long written = 0;
		try {
			while (data.hasRemaining()) {
				int slice = Math.min(limit - data.position(), MAX_WRITE);
				data.limit(data.position() + slice);
				int now = channel.write(data);
				data.limit(limit);
				written += now;
				if (now < slice) {
					// The socket is full.
					break;
				}
			}
		}
		finally {
			data.limit(limit);
		}
		return written;
	}

	/**
	 * Writes what the channel takes now of a body's last bytes, the last slice together with the end of the
	 * body: on a chunked body the last chunk leaves in the same socket write, not in one of its own.
	 * @return how many bytes that was
	 */
	public static long writeFinal(StreamSinkChannel channel, ByteBuffer data) throws IOException {
		long written = 0;
		int limit = data.limit();
		if (!data.isDirect() && data.remaining() > MAX_WRITE) {
			data.limit(limit - MAX_WRITE);
			try {
				written = write(channel, data);
			}
			finally {
				data.limit(limit);
			}
			if (data.remaining() > MAX_WRITE) {
				// The socket is full.
				return written;
			}
		}
		return written + channel.writeFinal(data);
	}

}
