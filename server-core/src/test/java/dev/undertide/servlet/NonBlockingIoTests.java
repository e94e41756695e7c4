package dev.undertide.servlet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ReadListener and WriteListener (Servlet §5.6, §5.7): bodies move without a thread waiting on the socket.
 */
class NonBlockingIoTests {

	private static final byte[] BODY = new byte[8 * 1024 * 1024];

	static {
		new Random(3).nextBytes(BODY);
	}

	private final AtomicInteger writePossibleCalls = new AtomicInteger();

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("upload", new ReadListenerServlet()).setAsyncSupported(true);
			context.getServletRegistration("upload").addMapping("/upload");
			context.addServlet("download", new WriteListenerServlet()).setAsyncSupported(true);
			context.getServletRegistration("download").addMapping("/download");
			context.addServlet("blocking", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					ServletOutputStream out = response.getOutputStream();
					try {
						out.setWriteListener(new CountingWriteListener(null, null));
					}
					catch (IllegalStateException ex) {
						out.print("refused");
					}
				}
			});
			context.getServletRegistration("blocking").addMapping("/blocking");
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void readListenerReceivesAChunkedBodyWhole() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(this.server.uri("/upload"))
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(BODY)))
			.build();
		String digest = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, BodyHandlers.ofString())
			.body();
		assertThat(digest).isEqualTo(sha256(BODY, BODY.length));
	}

	@Test
	void writeListenerFeedsASlowReaderWithoutBlocking() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.setReceiveBufferSize(16 * 1024);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /download HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] all = in.readAllBytes();
			String text = new String(all, StandardCharsets.ISO_8859_1);
			int bodyStart = text.indexOf("\r\n\r\n") + 4;
			assertThat(text).startsWith("HTTP/1.1 200");
			byte[] body = java.util.Arrays.copyOfRange(all, bodyStart, all.length);
			assertThat(sha256(body, body.length)).isEqualTo(sha256(BODY, BODY.length));
		}
		// isReady() went false and the container called back: no thread sat blocked on the socket.
		assertThat(this.writePossibleCalls.get()).isGreaterThan(1);
	}

	@Test
	void writeListenerNeedsAsyncProcessing() throws Exception {
		assertThat(this.server.get("/blocking").body()).isEqualTo("refused");
	}

	private static String sha256(byte[] bytes, int length) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		digest.update(bytes, 0, length);
		return HexFormat.of().formatHex(digest.digest());
	}

	static class ReadListenerServlet extends HttpServlet {

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			AsyncContext async = request.startAsync();
			ServletInputStream in = request.getInputStream();
			MessageDigest digest = newDigest();
			in.setReadListener(new ReadListener() {
				private final byte[] buffer = new byte[16384];

				@Override
				public void onDataAvailable() throws IOException {
					while (in.isReady() && !in.isFinished()) {
						int read = in.read(this.buffer);
						if (read > 0) {
							digest.update(this.buffer, 0, read);
						}
					}
				}

				@Override
				public void onAllDataRead() throws IOException {
					async.getResponse().getWriter().print(HexFormat.of().formatHex(digest.digest()));
					async.complete();
				}

				@Override
				public void onError(Throwable failure) {
					async.complete();
				}
			});
		}

		private static MessageDigest newDigest() {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	class WriteListenerServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			AsyncContext async = request.startAsync();
			async.setTimeout(0);
			response.setContentType("application/octet-stream");
			response.setContentLengthLong(BODY.length);
			ServletOutputStream out = response.getOutputStream();
			out.setWriteListener(new CountingWriteListener(out, async));
		}

	}

	class CountingWriteListener implements WriteListener {

		private final ServletOutputStream out;

		private final AsyncContext async;

		private int offset;

		CountingWriteListener(ServletOutputStream out, AsyncContext async) {
			this.out = out;
			this.async = async;
		}

		@Override
		public void onWritePossible() throws IOException {
			NonBlockingIoTests.this.writePossibleCalls.incrementAndGet();
			while (this.out.isReady()) {
				if (this.offset == BODY.length) {
					this.async.complete();
					return;
				}
				int length = Math.min(65536, BODY.length - this.offset);
				this.out.write(BODY, this.offset, length);
				this.offset += length;
			}
		}

		@Override
		public void onError(Throwable failure) {
			this.async.complete();
		}

	}

}
