import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Opens many idle HTTP/1.1 keep-alive connections to a server and keeps them open.
 * Run as a single-file program (JDK 11+): {@code java IdleConnections.java ARGS}.
 *
 * Each connection sends one {@code GET PATH HTTP/1.1} (keep-alive), reads the complete response
 * and then stays open and idle. At most {@code INFLIGHT} connections are being opened at once.
 * Opening stops at the target count, at the open deadline, or after {@code STALL_MS} without
 * progress (e.g. a server that stops accepting at its connection limit).
 *
 * Then it prints {@code READY established=...}, creates READY_FILE, and holds the connections
 * until RELEASE_FILE exists or HOLD_SECONDS have passed, printing how many the server closed
 * meanwhile; then it closes them all and exits. Everything is bounded in time.
 *
 * Args: HOST PORT COUNT OPEN_TIMEOUT_SECONDS HOLD_SECONDS READY_FILE RELEASE_FILE [PATH]
 * Only loopback hosts are accepted.
 */
public class IdleConnections {

	static final int INFLIGHT = 256;

	static final long STALL_MS = 5_000;

	static final class Conn {

		final SocketChannel channel;

		ByteBuffer in = ByteBuffer.allocate(2048);

		ByteBuffer out;

		boolean established;

		Conn(SocketChannel channel, ByteBuffer request) {
			this.channel = channel;
			this.out = request;
		}

	}

	public static void main(String[] args) throws Exception {
		if (args.length < 7) {
			System.err.println("usage: java IdleConnections.java HOST PORT COUNT OPEN_TIMEOUT_S HOLD_S READY_FILE RELEASE_FILE [PATH]");
			System.exit(2);
		}
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		int count = Integer.parseInt(args[2]);
		long openTimeoutMs = Long.parseLong(args[3]) * 1000;
		long holdMs = Long.parseLong(args[4]) * 1000;
		Path readyFile = Path.of(args[5]);
		Path releaseFile = Path.of(args[6]);
		String path = (args.length > 7) ? args[7] : "/plaintext";
		InetSocketAddress address = new InetSocketAddress(host, port);
		if (!address.getAddress().isLoopbackAddress()) {
			System.err.println("refusing non-loopback address " + address);
			System.exit(2);
		}
		byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
				+ "\r\nConnection: keep-alive\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

		List<Conn> all = new ArrayList<>(count);
		Selector selector = Selector.open();
		int opened = 0;
		int inflight = 0;
		int established = 0;
		int failed = 0;
		String firstError = null;
		long start = System.currentTimeMillis();
		long deadline = start + openTimeoutMs;
		long lastProgress = start;
		String stopReason = "all opened";

		while (established + failed < count) {
			long now = System.currentTimeMillis();
			if (now >= deadline) {
				stopReason = "open deadline reached";
				break;
			}
			if (now - lastProgress >= STALL_MS) {
				stopReason = "no progress for " + STALL_MS + " ms";
				break;
			}
			while (inflight < INFLIGHT && opened < count) {
				opened++;
				SocketChannel channel = null;
				try {
					channel = SocketChannel.open();
					channel.configureBlocking(false);
					channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
					Conn conn = new Conn(channel, ByteBuffer.wrap(request));
					all.add(conn);
					if (channel.connect(address)) {
						channel.register(selector, SelectionKey.OP_WRITE, conn);
					}
					else {
						channel.register(selector, SelectionKey.OP_CONNECT, conn);
					}
					inflight++;
				}
				catch (IOException ex) {
					failed++;
					firstError = (firstError != null) ? firstError : "open: " + ex;
					closeQuietly(channel);
				}
			}
			selector.select(100);
			Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
			while (keys.hasNext()) {
				SelectionKey key = keys.next();
				keys.remove();
				Conn conn = (Conn) key.attachment();
				try {
					if (!key.isValid()) {
						continue;
					}
					if (key.isConnectable()) {
						conn.channel.finishConnect();
						key.interestOps(SelectionKey.OP_WRITE);
					}
					if (key.isValid() && key.isWritable()) {
						conn.channel.write(conn.out);
						if (!conn.out.hasRemaining()) {
							key.interestOps(SelectionKey.OP_READ);
						}
					}
					if (key.isValid() && key.isReadable()) {
						if (conn.in.remaining() == 0) {
							ByteBuffer bigger = ByteBuffer.allocate(conn.in.capacity() * 2);
							conn.in.flip();
							bigger.put(conn.in);
							conn.in = bigger;
						}
						int n = conn.channel.read(conn.in);
						if (n < 0) {
							throw new IOException("closed by server before a complete response");
						}
						int verdict = responseComplete(conn.in);
						if (verdict < 0) {
							throw new IOException("unexpected response: " + firstLine(conn.in));
						}
						if (verdict > 0) {
							conn.established = true;
							conn.in = null;
							conn.out = null;
							// keep OP_READ so that a close by the server is seen while holding
							established++;
							inflight--;
							lastProgress = System.currentTimeMillis();
						}
					}
				}
				catch (IOException | RuntimeException ex) {
					key.cancel();
					closeQuietly(conn.channel);
					failed++;
					inflight--;
					lastProgress = System.currentTimeMillis();
					firstError = (firstError != null) ? firstError : ex.toString();
				}
			}
		}
		long openMs = System.currentTimeMillis() - start;

		// connections still being opened at the stop do not count; close them
		int pending = 0;
		for (Conn conn : all) {
			if (!conn.established && conn.channel.isOpen()) {
				pending++;
				SelectionKey key = conn.channel.keyFor(selector);
				if (key != null) {
					key.cancel();
				}
				closeQuietly(conn.channel);
			}
		}
		selector.selectNow();
		System.out.printf("READY requested=%d established=%d failed=%d pending=%d open_ms=%d stop=\"%s\"%n", count,
				established, failed, pending, openMs, stopReason);
		if (firstError != null) {
			System.out.println("first_error=" + firstError.replace('\n', ' '));
		}
		System.out.flush();
		Files.writeString(readyFile, "established=" + established + "\n");

		// hold them idle; notice closes by the server
		ByteBuffer scratch = ByteBuffer.allocate(4096);
		int closedByServer = 0;
		long holdDeadline = System.currentTimeMillis() + holdMs;
		while (System.currentTimeMillis() < holdDeadline && !Files.exists(releaseFile)) {
			selector.select(200);
			Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
			while (keys.hasNext()) {
				SelectionKey key = keys.next();
				keys.remove();
				Conn conn = (Conn) key.attachment();
				try {
					scratch.clear();
					if (key.isValid() && key.isReadable() && conn.channel.read(scratch) < 0) {
						throw new IOException("closed");
					}
				}
				catch (IOException ex) {
					key.cancel();
					closeQuietly(conn.channel);
					closedByServer++;
				}
			}
		}
		int stillOpen = 0;
		for (Conn conn : all) {
			if (conn.established && conn.channel.isOpen()) {
				stillOpen++;
			}
			closeQuietly(conn.channel);
		}
		selector.close();
		System.out.printf("DONE still_open=%d closed_by_server=%d held_ms=%d%n", stillOpen, closedByServer,
				System.currentTimeMillis() - start - openMs);
	}

	/** 1 when a complete 2xx response is in the buffer, 0 when more bytes are needed, -1 when not 2xx. */
	static int responseComplete(ByteBuffer in) {
		byte[] b = in.array();
		int len = in.position();
		int headerEnd = indexOf(b, len, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
		if (headerEnd < 0) {
			return 0;
		}
		String head = new String(b, 0, headerEnd, StandardCharsets.ISO_8859_1);
		if (!head.startsWith("HTTP/1.1 2")) {
			return -1;
		}
		int bodyStart = headerEnd + 4;
		String lower = head.toLowerCase();
		int cl = lower.indexOf("\r\ncontent-length:");
		if (cl >= 0) {
			int valueStart = cl + "\r\ncontent-length:".length();
			int valueEnd = lower.indexOf("\r\n", valueStart);
			long length = Long.parseLong(lower.substring(valueStart, (valueEnd < 0) ? lower.length() : valueEnd).trim());
			return (len - bodyStart >= length) ? 1 : 0;
		}
		if (lower.contains("\r\ntransfer-encoding:") && lower.contains("chunked")) {
			return (indexOf(b, len, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), bodyStart - 2) >= 0) ? 1 : 0;
		}
		return 1; // no body framing: treat the headers as the whole response
	}

	static int indexOf(byte[] haystack, int len, byte[] needle, int from) {
		outer: for (int i = Math.max(0, from); i <= len - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	static String firstLine(ByteBuffer in) {
		String s = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
		int eol = s.indexOf("\r\n");
		return (eol < 0) ? s : s.substring(0, eol);
	}

	static void closeQuietly(SocketChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
			}
		}
	}

}
