package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;

/**
 * Writes heap buffers to a channel in slices. For every socket write of a heap buffer the JDK first copies
 * the whole buffer into a temporary direct buffer, however little of it the socket then takes, and keeps
 * that buffer cached by the writing thread. A 32 MiB body written whole would copy up to 32 MiB for each
 * write a slow client's socket has room for, and leave 32 MiB of direct memory on every thread that wrote
 * one.
 * <p>
 * The first slice of a write is 64 KiB, which bounds the copy a slow client's socket does not take. On an
 * I/O thread each slice the socket takes whole doubles the next, up to 1 MiB: a fast client's large body
 * then needs a few socket writes, not one per 64 KiB, and the direct memory the JDK keeps is bounded by the
 * few I/O threads. Other threads keep to the first slice's size: there may be hundreds of them.
 * <p>
 * Slices grow only on a body of known length. On a chunked body undertow frames each write as a chunk of
 * the length offered, and when the socket takes part of it, the next write must offer at least the rest:
 * offered less, undertow ends the chunk's framing in the middle of its bytes and the client reads garbage.
 * A write always starts with the first slice, so a chunk must never be larger.
 * <p>
 * On an I/O thread a write also returns once it has written 1 MiB, so that the thread gets on to its other
 * connections. Measured with 200 downloads of 32 MiB read at 1 MiB/s each: when one write went on until
 * the socket was full, a quick request on the same I/O thread waited 20-70 ms; with the limit, under 2 ms.
 */
public final class SlicedWrites {

	/** The bytes of a write's first slice, and of every slice off the I/O threads. */
	public static final int FIRST_SLICE = 64 * 1024;

	/** The largest slice on an I/O thread, and about the most it writes in one call. */
	static final int MOST_ON_IO_THREAD = 1024 * 1024;

	private SlicedWrites() {
	}

	/**
	 * Writes what the channel takes now; on an I/O thread, once 1 MiB is written, returns even if the
	 * channel would take more.
	 * @param lengthKnown whether the body's length is known, so that it is not chunked
	 * @return how many bytes that was
	 */
	public static long write(StreamSinkChannel channel, ByteBuffer data, boolean lengthKnown) throws IOException {
		if (data.isDirect()) {
			return channel.write(data);
		}
		boolean ioThread = Thread.currentThread() instanceof XnioIoThread;
		int maxSlice = (ioThread && lengthKnown) ? MOST_ON_IO_THREAD : FIRST_SLICE;
		long most = ioThread ? MOST_ON_IO_THREAD : Long.MAX_VALUE;
		int limit = data.limit();
		long written = 0;
		try {
			for (int slice = FIRST_SLICE; data.hasRemaining(); slice = Math.min(slice * 2, maxSlice)) {
				int length = Math.min(limit - data.position(), slice);
				data.limit(data.position() + length);
				int now = channel.write(data);
				data.limit(limit);
				written += now;
				if (now < length || written >= most) {
					// The socket is full, or the I/O thread's other connections come first.
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
	 * @param lengthKnown whether the body's length is known, so that it is not chunked
	 * @return how many bytes that was
	 */
	public static long writeFinal(StreamSinkChannel channel, ByteBuffer data, boolean lengthKnown)
			throws IOException {
		long written = 0;
		int limit = data.limit();
		if (!data.isDirect() && data.remaining() > FIRST_SLICE) {
			data.limit(limit - FIRST_SLICE);
			try {
				written = write(channel, data, lengthKnown);
			}
			finally {
				data.limit(limit);
			}
			if (data.remaining() > FIRST_SLICE) {
				// The socket is full, or the I/O thread's other connections come first.
				return written;
			}
		}
		return written + channel.writeFinal(data);
	}

}
