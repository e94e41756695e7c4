package dev.undertide.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response framing, redirects, resources and threading of the servlet container over a real socket.
 */
class ServletResponseTests {

	/** Several turns of a large write, and not a multiple of any slice. */
	private static final int SEVERAL_MEBIBYTES = 3 * 1024 * 1024 + 7;

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().responseBufferSize(1024).startup((context) -> {
			context.addServlet("sized", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					int size = Integer.parseInt(request.getParameter("size"));
					response.getOutputStream().write(new byte[size]);
				}
			}).addMapping("/sized");
			context.addServlet("lettered", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.setBufferSize(Integer.parseInt(request.getParameter("buffer")));
					int size = Integer.parseInt(request.getParameter("size"));
					byte[] piece = new byte[1000];
					for (int written = 0; written < size; written += piece.length) {
						for (int i = 0; i < piece.length; i++) {
							piece[i] = letter(written + i);
						}
						response.getOutputStream().write(piece, 0, Math.min(piece.length, size - written));
					}
				}
			}).addMapping("/lettered");
			context.addServlet("letteredAtOnce", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					int size = Integer.parseInt(request.getParameter("size"));
					if (request.getParameter("length") != null) {
						response.setContentLength(size);
					}
					response.getOutputStream().write(letters(size).getBytes(StandardCharsets.US_ASCII));
				}
			}).addMapping("/lettered-at-once");
			context.addServlet("redirect", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print("discarded");
					switch (request.getPathInfo()) {
						case "/relative" -> response.sendRedirect("target?x=1");
						case "/permanent" -> response.sendRedirect("/elsewhere", HttpServletResponse.SC_MOVED_PERMANENTLY);
						default -> response.sendRedirect("https://example.org/", HttpServletResponse.SC_SEE_OTHER, true);
					}
				}
			}).addMapping("/redirect/*");
			context.addServlet("thread", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print(Thread.currentThread().getName());
				}
			}).addMapping("/thread");
			context.addServlet("resource", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					try (InputStream in = getServletContext().getResourceAsStream("/docs/readme.txt")) {
						response.getWriter().print(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
					}
				}
			}).addMapping("/resource");
			context.addServlet("named", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response)
						throws IOException, ServletException {
					getServletContext().getNamedDispatcher("thread").forward(request, response);
				}
			}).addMapping("/named");
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void bodyThatFitsTheBufferGetsAContentLength() throws Exception {
		HttpResponse<String> response = this.server.get("/sized?size=1000");
		assertThat(response.headers().firstValue("Content-Length")).hasValue("1000");
		assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
	}

	@Test
	void bodyWrittenThroughTheWriterGetsAContentLengthToo() throws Exception {
		HttpResponse<String> response = this.server.get("/thread");
		assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(response.body().length()));
		assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
	}

	@Test
	void bodyLargerThanTheBufferIsSentChunked() throws Exception {
		HttpResponse<String> response = this.server.get("/sized?size=5000");
		assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
		assertThat(response.body()).hasSize(5000);
	}

	@Test
	void chunkedBodyWhoseLastBufferIsLargerThanOneSocketWriteArrivesWhole() throws Exception {
		HttpResponse<String> response = this.server.get("/lettered?buffer=200000&size=300000");
		assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
		assertThat(response.body()).isEqualTo(letters(300_000));
	}

	@Test
	void bufferedBodyLargerThanOneSocketWriteArrivesWholeWithItsLength() throws Exception {
		HttpResponse<String> response = this.server.get("/lettered?buffer=500000&size=300000");
		assertThat(response.headers().firstValue("Content-Length")).hasValue("300000");
		assertThat(response.body()).isEqualTo(letters(300_000));
	}

	@Test
	void bodyOfSeveralMebibytesWrittenInOneCallArrivesWhole() throws Exception {
		HttpResponse<String> chunked = this.server.get("/lettered-at-once?size=" + SEVERAL_MEBIBYTES);
		assertThat(chunked.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
		assertThat(chunked.body()).isEqualTo(letters(SEVERAL_MEBIBYTES));
		HttpResponse<String> sized = this.server.get("/lettered-at-once?length&size=" + SEVERAL_MEBIBYTES);
		assertThat(sized.headers().firstValue("Content-Length")).hasValue(Integer.toString(SEVERAL_MEBIBYTES));
		assertThat(sized.body()).isEqualTo(letters(SEVERAL_MEBIBYTES));
	}

	@Test
	void bodyLargerThanTheSocketBuffersWrittenInOneCallArrivesWholeThroughASmallReceiveWindow() throws Exception {
		// Larger than what loopback socket buffers take, so that the server's writes find the socket full.
		int size = 16 * 1024 * 1024 + 7;
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(8 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()));
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET /lettered-at-once?length&size=" + size
						+ " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			Thread.sleep(200);
			byte[] received = socket.getInputStream().readAllBytes();
			String response = new String(received, StandardCharsets.US_ASCII);
			assertThat(response).startsWith("HTTP/1.1 200");
			assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).isEqualTo(letters(size));
		}
	}

	@Test
	void relativeRedirectIsResolvedAgainstTheRequestAndTheBufferDiscarded() throws Exception {
		HttpResponse<String> response = noRedirects("/redirect/relative");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("/redirect/target?x=1");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void redirectWithAStatusUsesIt() throws Exception {
		HttpResponse<String> response = noRedirects("/redirect/permanent");
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location")).hasValue("/elsewhere");
	}

	@Test
	void absoluteRedirectWithStatusAndClearBufferIsSentAsIs() throws Exception {
		HttpResponse<String> response = noRedirects("/redirect/absolute");
		assertThat(response.statusCode()).isEqualTo(303);
		assertThat(response.headers().firstValue("Location")).hasValue("https://example.org/");
	}

	@Test
	void servletCodeRunsOnAWorkerThreadNotAnIoThread() throws Exception {
		String thread = this.server.get("/thread").body();
		assertThat(thread).startsWith("XNIO-").contains("task-").doesNotContain("I/O");
	}

	@Test
	void resourcesComeFromMetaInfResourcesOnTheClasspath() throws Exception {
		assertThat(this.server.get("/resource").body()).isEqualTo("packaged resource");
	}

	@Test
	void namedDispatcherForwardsToTheServletByName() throws Exception {
		assertThat(this.server.get("/named").body()).contains("task-");
	}

	private HttpResponse<String> noRedirects(String path) throws IOException, InterruptedException {
		return HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.build()
			.send(HttpRequest.newBuilder(this.server.uri(path)).build(), BodyHandlers.ofString());
	}

	/** Not periodic, so that a piece of the body sent twice or skipped shows. */
	private static byte letter(int index) {
		return (byte) ('a' + Integer.remainderUnsigned(index * 0x9E3779B1, 26));
	}

	private static String letters(int count) {
		byte[] letters = new byte[count];
		for (int i = 0; i < count; i++) {
			letters[i] = letter(i);
		}
		return new String(letters, StandardCharsets.US_ASCII);
	}

}
