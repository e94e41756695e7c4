package dev.undertide.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many keep-alive connections each run async requests whose body another thread writes in flushed chunks
 * before dispatching back, as Spring MVC's StreamingResponseBody does: every response must arrive whole,
 * with its last chunk, and the connection must stay usable.
 */
class AsyncStreamingIntegrityTests {

	private static final int CHUNKS = 10;

	private static final int CHUNK_SIZE = 1024;

	private final ExecutorService writers = Executors.newFixedThreadPool(8);

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("stream", new StreamingServlet()).setAsyncSupported(true);
			context.getServletRegistration("stream").addMapping("/stream");
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.writers.shutdownNow();
	}

	@Test
	void everyStreamedResponseOnAKeptAliveConnectionArrivesWhole() throws Exception {
		assertEveryConnectionGetsWholeResponses(1);
	}

	/**
	 * The second request of each pair arrives while the first is streamed, at no fixed point: the server may
	 * read it with the first, while it watches the idle connection for the client going away, or as it stops
	 * watching, which it does on the thread that ends the response while the I/O thread may be reading.
	 */
	@Test
	void pipelinedRequestsBehindStreamedResponsesAreAllAnsweredWhole() throws Exception {
		assertEveryConnectionGetsWholeResponses(2);
	}

	/** 16 connections each send 150 requests, {@code pipelined} at a time, and read every response. */
	private void assertEveryConnectionGetsWholeResponses(int pipelined) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				results.add(clients.submit(() -> requestsOnOneConnection(150, pipelined)));
			}
			List<String> failures = new ArrayList<>();
			for (Future<String> result : results) {
				String failure = result.get(60, TimeUnit.SECONDS);
				if (failure != null) {
					failures.add(failure);
				}
			}
			assertThat(failures).isEmpty();
		}
		finally {
			clients.shutdownNow();
		}
	}

	private String requestsOnOneConnection(int count, int pipelined) throws IOException {
		byte[] request = "GET /stream HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			for (int i = 0; i < count; i += pipelined) {
				for (int j = 0; j < pipelined; j++) {
					out.write(request);
					out.flush();
				}
				for (int j = 0; j < pipelined; j++) {
					String failure = readChunkedResponse(in);
					if (failure != null) {
						return "request " + (i + j) + ": " + failure;
					}
				}
			}
			return null;
		}
	}

	/** Reads one chunked response; returns what was wrong with it, or null. */
	private static String readChunkedResponse(InputStream in) throws IOException {
		String head = readLineBlock(in);
		if (head == null) {
			return "connection closed before the response";
		}
		if (!head.startsWith("HTTP/1.1 200")) {
			return "status line " + head.lines().findFirst().orElse("");
		}
		int body = 0;
		while (true) {
			String sizeLine = readLine(in);
			if (sizeLine == null) {
				return "connection closed after " + body + " body bytes, before the last chunk";
			}
			int size = Integer.parseInt(sizeLine.trim(), 16);
			byte[] data = in.readNBytes(size + 2);
			if (data.length < size + 2) {
				return "connection closed inside a chunk";
			}
			if (size == 0) {
				return (body == CHUNKS * CHUNK_SIZE) ? null : "body of " + body + " bytes";
			}
			body += size;
		}
	}

	private static String readLineBlock(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		String line;
		while ((line = readLine(in)) != null) {
			if (line.isEmpty()) {
				return head.toString();
			}
			head.append(line).append('\n');
		}
		return null;
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0) {
			if (c == '\n') {
				int length = line.length();
				return (length > 0 && line.charAt(length - 1) == '\r') ? line.substring(0, length - 1) : line.toString();
			}
			line.append((char) c);
		}
		return null;
	}

	class StreamingServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			if (request.getDispatcherType() == DispatcherType.ASYNC) {
				return;
			}
			response.setContentType("application/octet-stream");
			response.flushBuffer();
			AsyncContext async = request.startAsync();
			AsyncStreamingIntegrityTests.this.writers.execute(() -> {
				try {
					ServletOutputStream out = response.getOutputStream();
					byte[] chunk = new byte[CHUNK_SIZE];
					for (int i = 0; i < CHUNKS; i++) {
						out.write(chunk);
						out.flush();
					}
				}
				catch (IOException ex) {
					// The client went away; the dispatch below ends the request either way.
				}
				async.dispatch();
			});
		}

	}

}
