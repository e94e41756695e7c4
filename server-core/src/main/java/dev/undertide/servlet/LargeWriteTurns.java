package dev.undertide.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

import dev.undertide.server.SlicedWrites;
import org.xnio.channels.StreamSinkChannel;

/**
 * Has blocking writes of large bodies take turns at the processors, in the order they came, each turn
 * copying through a direct buffer of its own.
 * <p>
 * Copying a large body into a socket is processor work. When more threads do it at once than there are
 * processors, the scheduler preempts each in the middle of its body and lets every other one run a time
 * slice first, so a body waits out as many slices as there are writers: measured on one processor with 64
 * clients fetching 1 MiB each, sixteen writers at once made p99 latency five times the median. Taking
 * turns, at most {@link #WRITERS_AT_ONCE} threads write at once and the rest wait parked, in order: p99
 * halved, with no less throughput.
 * <p>
 * A turn copies the body into its direct buffer in slices that double while the socket takes them whole,
 * so a fast client's 1 MiB body needs five socket writes instead of sixteen, and a slow client's socket is
 * offered no more than the first slice. A chunked body's slices do not grow, for the reason given in
 * {@link SlicedWrites}. Written from the heap, the JDK would copy each slice into a direct
 * buffer kept by the writing thread, for every thread that ever wrote; these buffers are one per turn.
 * <p>
 * A turn ends when the socket is full or after 1 MiB, so that no thread waits for its client while
 * holding one, and a fast client's long body does not keep the others waiting.
 */
final class LargeWriteTurns {

	/**
	 * Measured on one processor, three writers at once did best of one to six, and one worst: while a
	 * writer is in the kernel, another one copies.
	 */
	static final int WRITERS_AT_ONCE = Runtime.getRuntime().availableProcessors() + 2;

	private static final int MAX_TURN = 1024 * 1024;

	private static final Semaphore TURNS = new Semaphore(WRITERS_AT_ONCE, true);

	/** The buffers of the turns not taken; there are never more than {@link #WRITERS_AT_ONCE}. */
	private static final Queue<ByteBuffer> BUFFERS = new ConcurrentLinkedQueue<>();

	private LargeWriteTurns() {
	}

	/**
	 * Writes what the channel takes now, waiting for a turn first if {@code data} is larger than a first
	 * slice. Returns after one turn's bytes even if the socket has room for more: write the rest again.
	 * @param last whether these are the body's last bytes
	 * @param lengthKnown whether the body's length is known, so that it is not chunked
	 * @return {@code false} if the socket is full
	 */
	static boolean write(StreamSinkChannel channel, ByteBuffer data, boolean last, boolean lengthKnown)
			throws IOException {
		if (data.isDirect() || data.remaining() <= SlicedWrites.FIRST_SLICE) {
			if (last) {
				SlicedWrites.writeFinal(channel, data, lengthKnown);
			}
			else {
				SlicedWrites.write(channel, data, lengthKnown);
			}
			return !data.hasRemaining();
		}
		TURNS.acquireUninterruptibly();
		ByteBuffer copy = BUFFERS.poll();
		if (copy == null) {
			copy = ByteBuffer.allocateDirect(MAX_TURN);
		}
		try {
			return writeTurn(channel, data, last, lengthKnown, copy);
		}
		finally {
			BUFFERS.offer(copy);
			TURNS.release();
		}
	}

	private static boolean writeTurn(StreamSinkChannel channel, ByteBuffer data, boolean last, boolean lengthKnown,
			ByteBuffer copy) throws IOException {
		int turnLeft = MAX_TURN;
		int growth = lengthKnown ? 2 : 1;
		for (int slice = SlicedWrites.FIRST_SLICE; data.hasRemaining() && turnLeft > 0; slice *= growth) {
			int length = Math.min(Math.min(slice, turnLeft), data.remaining());
			copy.clear().put(0, data, data.position(), length).limit(length);
			long written = (last && length == data.remaining()) ? channel.writeFinal(copy) : channel.write(copy);
			data.position(data.position() + (int) written);
			turnLeft -= (int) written;
			if (written < length) {
				return false;
			}
		}
		return true;
	}

}
