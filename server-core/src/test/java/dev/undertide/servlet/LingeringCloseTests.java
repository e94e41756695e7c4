package dev.undertide.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a connection never destroys response bytes: with unread input waiting, a plain close would reset
 * the connection and the client could lose the tail of the body.
 */
class LingeringCloseTests {

	private static final int BODY_SIZE = 8 * 1024 * 1024;

	private static final byte[] BODY = new byte[BODY_SIZE];

	static {
		new Random(42).nextBytes(BODY);
	}

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("big", new HttpServlet() {
				@Override
				protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
					if (request.getParameter("close") != null) {
						response.setHeader("Connection", "close");
					}
					if (request.getParameter("status") != null) {
						response.setStatus(Integer.parseInt(request.getParameter("status")));
					}
					response.setContentType("application/octet-stream");
					OutputStream out = response.getOutputStream();
					for (int offset = 0; offset < BODY_SIZE; offset += 65536) {
						out.write(BODY, offset, 65536);
					}
				}
			}).addMapping("/big");
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void connectionCloseWithBytesBehindItStillDeliversTheWholeBody() throws Exception {
		byte[] trailingJunk = new byte[64 * 1024];
		Arrays.fill(trailingJunk, (byte) 'x');
		assertWholeBodyThenEndOfStream("GET /big HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", trailingJunk);
	}

	@Test
	void unreadRequestBodyOnAClosingConnectionStillDeliversTheWholeBody() throws Exception {
		byte[] unreadBody = new byte[256 * 1024];
		assertWholeBodyThenEndOfStream("POST /big HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: "
				+ unreadBody.length + "\r\n\r\n", unreadBody);
	}

	@Test
	void connectionCloseFromTheApplicationStillDeliversTheWholeBody() throws Exception {
		byte[] pipelined = "GET /big HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		assertWholeBodyThenEndOfStream("GET /big?close HTTP/1.1\r\nHost: test\r\n\r\n", pipelined, "200");
	}

	@Test
	void errorResponseOnAClosingConnectionStillDeliversTheWholeBody() throws Exception {
		byte[] trailingJunk = new byte[64 * 1024];
		assertWholeBodyThenEndOfStream("GET /big?status=500 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
				trailingJunk, "500");
	}

	private void assertWholeBodyThenEndOfStream(String head, byte[] after) throws Exception {
		assertWholeBodyThenEndOfStream(head, after, "200");
	}

	private void assertWholeBodyThenEndOfStream(String head, byte[] after, String status) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.setReceiveBufferSize(32 * 1024);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.write(head.getBytes(StandardCharsets.US_ASCII));
			request.write(after);
			out.write(request.toByteArray());
			out.flush();
			// Let the server finish writing and close while we have not read yet.
			Thread.sleep(500);
			byte[] received = readToEndOfStream(socket.getInputStream());
			String text = new String(received, StandardCharsets.ISO_8859_1);
			int headerEnd = text.indexOf("\r\n\r\n") + 4;
			assertThat(text).startsWith("HTTP/1.1 " + status).contains("Connection: close");
			// Exactly one response: nothing sent after the connection was to close is answered.
			assertThat(text.indexOf("HTTP/1.1", 1)).isEqualTo(-1);
			byte[] body = Arrays.copyOfRange(received, headerEnd, received.length);
			assertThat(body.length).isEqualTo(BODY_SIZE);
			assertThat(sha256(body)).isEqualTo(sha256(BODY));
		}
	}

	private static byte[] readToEndOfStream(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[65536];
		int read;
		while ((read = in.read(buffer)) >= 0) {
			all.write(buffer, 0, read);
		}
		return all.toByteArray();
	}

	private static byte[] sha256(byte[] bytes) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(bytes);
	}

}
