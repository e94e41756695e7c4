package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * A request body conduit that passes every read through unchanged and tells {@link #observe(long)} what it
 * returned: a count of bytes, 0, or -1 at the end.
 */
abstract class ReadObservingConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

	ReadObservingConduit(StreamSourceConduit next) {
		super(next);
	}

	/** Sees the result of a read before the reader does; may fail the read instead. */
	abstract void observe(long read) throws IOException;

	@Override
	public final int read(ByteBuffer destination) throws IOException {
		int read = this.next.read(destination);
		observe(read);
		return read;
	}

	@Override
	public final long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
		long read = this.next.read(destinations, offset, length);
		observe(read);
		return read;
	}

	@Override
	public final long transferTo(long position, long count, FileChannel target) throws IOException {
		long read = this.next.transferTo(position, count, target);
		observe(read);
		return read;
	}

	@Override
	public final long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
		long read = this.next.transferTo(count, throughBuffer, target);
		observe(read);
		return read;
	}

}
