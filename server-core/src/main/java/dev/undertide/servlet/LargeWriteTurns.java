package dev.undertide.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;

import dev.undertide.server.SlicedWrites;
import org.xnio.channels.StreamSinkChannel;

/**
 * Has blocking writes of large bodies take turns at the processors, in the order they came.
 * <p>
 * Copying a large body into a socket is processor work. When more threads do it at once than there are
 * processors, the scheduler preempts each in the middle of its body and lets every other one run a time
 * slice first, so a body waits out as many slices as there are writers: measured on one processor with 64
 * clients fetching 1 MiB each, sixteen writers at once made p99 latency five times the median. Taking
 * turns, at most {@link #WRITERS_AT_ONCE} threads write at once and the rest wait parked, in order: p99
 * halved, with no less throughput.
 * <p>
 * A turn ends when the socket is full or after 1 MiB, so that no thread waits for its
 * client while holding one, and a fast client's long body does not keep the others waiting.
 */
final class LargeWriteTurns {

	/** Measured on one processor, three writers at once did best of one to six, and one worst: while a writer is in the kernel, another one copies. */
	static final int WRITERS_AT_ONCE = Runtime.getRuntime().availableProcessors() + 2;

	private static final int MAX_TURN = 1024 * 1024;

	private static final Semaphore TURNS = new Semaphore(WRITERS_AT_ONCE, true);

	private LargeWriteTurns() {
	}

	/**
	 * Writes what the channel takes now, waiting for a turn first if {@code data} needs more than one socket
	 * write. May return before the socket is full, after one turn's bytes: write the rest again.
	 * @param last whether these are the body's last bytes
	 * @return how many bytes were written
	 */
	static long write(StreamSinkChannel channel, ByteBuffer data, boolean last) throws IOException {
		if (data.remaining() <= SlicedWrites.MAX_WRITE) {
			return writeNow(channel, data, last);
		}
		TURNS.acquireUninterruptibly();
		try {
			if (data.remaining() <= MAX_TURN) {
				return writeNow(channel, data, last);
			}
			int limit = data.limit();
			data.limit(data.position() + MAX_TURN);
			try {
				return SlicedWrites.write(channel, data);
			}
			finally {
				data.limit(limit);
			}
		}
		finally {
			TURNS.release();
		}
	}

	private static long writeNow(StreamSinkChannel channel, ByteBuffer data, boolean last) throws IOException {
		return last ? SlicedWrites.writeFinal(channel, data) : SlicedWrites.write(channel, data);
	}

}
