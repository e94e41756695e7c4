package dev.undertide.servlet;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code multipart/form-data} requests through {@code getParts}, {@code getPart} and {@code getParameter}.
 */
class MultipartTests {

	private static final String BOUNDARY = "undertide-boundary";

	private RunningServletServer server;

	private Path tempDirectory;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			var registration = context.addServlet("upload", new UploadServlet());
			registration.addMapping("/upload");
			// Files above 16 bytes go to disk; a file may have 1 KiB, a request 4 KiB.
			registration.setMultipartConfig(new MultipartConfigElement("", 1024, 4096, 16));
			this.tempDirectory = ((File) context.getAttribute(ServletContext.TEMPDIR)).toPath();
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void filePartAndFieldArriveWithNamesAndContent() throws Exception {
		HttpResponse<String> response = post(field("title", "Grüße") + file("doc", "notes.txt", "x".repeat(100)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("title=Grüße;doc:notes.txt:100;parts=2");
	}

	@Test
	void fileOverTheLimitIsRefusedWith413() throws Exception {
		HttpResponse<String> response = post(file("doc", "big.bin", "y".repeat(2000)));
		assertThat(response.statusCode()).isEqualTo(413);
	}

	@Test
	void requestOverTheLimitIsRefusedWith413() throws Exception {
		String body = file("a", "a.bin", "a".repeat(1000)) + file("b", "b.bin", "b".repeat(1000))
				+ file("c", "c.bin", "c".repeat(1000)) + file("d", "d.bin", "d".repeat(1000))
				+ file("e", "e.bin", "e".repeat(1000));
		HttpResponse<String> response = post(body);
		assertThat(response.statusCode()).isEqualTo(413);
	}

	@Test
	void temporaryFilesAreDeletedWhenTheRequestEnds() throws Exception {
		HttpResponse<String> response = post(file("doc", "notes.txt", "z".repeat(500)));
		assertThat(response.statusCode()).isEqualTo(200);
		// The exchange ends just after the client has the last byte; allow it a moment.
		long deadline = System.nanoTime() + 2_000_000_000L;
		while (fileCount() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(fileCount()).isZero();
	}

	private long fileCount() throws IOException {
		try (Stream<Path> files = Files.list(this.tempDirectory)) {
			return files.count();
		}
	}

	private HttpResponse<String> post(String parts) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.server.uri("/upload"))
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(BodyPublishers.ofString(parts + "--" + BOUNDARY + "--\r\n", StandardCharsets.UTF_8))
			.build();
		return HttpClient.newHttpClient().send(request, BodyHandlers.ofString());
	}

	private static String field(String name, String value) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
				+ "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n";
	}

	private static String file(String name, String fileName, String content) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n";
	}

	static class UploadServlet extends HttpServlet {

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response)
				throws IOException, ServletException {
			request.setCharacterEncoding("UTF-8");
			Part doc = request.getPart("doc");
			StringBuilder body = new StringBuilder();
			if (request.getParameter("title") != null) {
				body.append("title=").append(request.getParameter("title")).append(';');
			}
			body.append("doc:").append(doc.getSubmittedFileName()).append(':').append(doc.getSize());
			body.append(";parts=").append(request.getParts().size());
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().print(body);
		}

	}

}
