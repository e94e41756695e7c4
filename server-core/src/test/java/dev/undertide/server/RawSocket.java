package dev.undertide.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests written and responses read byte by byte on a plain socket, as a test client does. */
final class RawSocket {

	private RawSocket() {
	}

	/** A connection to the server's first listener that gives up a read after 10 s. */
	static Socket connect(UndertideServer server) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", server.getListenerAddresses().get(0).getPort()));
		socket.setSoTimeout(10_000);
		return socket;
	}

	static void send(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	/** Reads one response of up to 100 bytes, which the handlers' short answers are. */
	static String readResponse(InputStream in) throws IOException {
		StringBuilder response = new StringBuilder();
		int contentLength = -1;
		while (contentLength < 0 || response.length() < response.indexOf("\r\n\r\n") + 4 + contentLength) {
			int next = in.read();
			assertThat(next).as("response so far: " + response).isNotNegative();
			response.append((char) next);
			int headEnd = response.indexOf("\r\n\r\n");
			if (contentLength < 0 && headEnd >= 0) {
				String head = response.substring(0, headEnd).toLowerCase();
				int at = head.indexOf("content-length: ");
				contentLength = Integer.parseInt(head.substring(at + 16).split("\r\n")[0].trim());
			}
		}
		return response.toString();
	}

	static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

}
