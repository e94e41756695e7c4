package dev.undertide.boot.it.streaming.app;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.undertide.boot.it.streaming.app.StreamingProbes.Written;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Large bodies both ways, and multipart uploads. */
@RestController
public class BodyController {

	private final StreamingProbes probes;

	public BodyController(StreamingProbes probes) {
		this.probes = probes;
	}

	@GetMapping("/ok")
	public String ok() {
		return "ok";
	}

	/**
	 * {@code size} bytes of the pattern for {@code seed}, written to the response's output stream in 64 KiB
	 * writes; with {@code length=true} the length is declared up front.
	 */
	@GetMapping("/bytes")
	public void bytes(@RequestParam String id, @RequestParam long seed, @RequestParam long size,
			@RequestParam(defaultValue = "false") boolean length, HttpServletResponse response) throws IOException {
		response.setContentType("application/octet-stream");
		if (length) {
			response.setContentLengthLong(size);
		}
		MessageDigest digest = BytePattern.sha256();
		BytePattern pattern = new BytePattern(seed);
		byte[] chunk = new byte[64 * 1024];
		OutputStream out = response.getOutputStream();
		for (long left = size; left > 0;) {
			int count = (int) Math.min(chunk.length, left);
			pattern.fill(chunk, 0, count);
			digest.update(chunk, 0, count);
			out.write(chunk, 0, count);
			left -= count;
		}
		this.probes.written(id).complete(new Written(BytePattern.hex(digest), size));
	}

	/** Reads the whole body and answers {@code <count> <sha-256>}. */
	@PostMapping({ "/upload/sha256", "/upload/limited", "/upload/secured" })
	public String sha256(HttpServletRequest request) throws IOException {
		MessageDigest digest = BytePattern.sha256();
		long count = 0;
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = request.getInputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
				count += read;
			}
		}
		String answer = count + " " + BytePattern.hex(digest);
		String id = request.getParameter("id");
		if (id != null) {
			this.probes.bodyRead(id).complete(answer);
		}
		return answer;
	}

	/** Never touches the body. */
	@PostMapping("/upload/ignore")
	public String ignore() {
		return "ignored";
	}

	/** Describes the uploaded file and lists the context's temp directory while the request is held. */
	@PostMapping("/multipart/upload")
	public Map<String, Object> upload(@RequestPart("file") MultipartFile file, @RequestParam String note,
			HttpServletRequest request) throws IOException {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", file.getName());
		description.put("originalFilename", file.getOriginalFilename());
		description.put("contentType", file.getContentType());
		description.put("size", file.getSize());
		description.put("sha256", BytePattern.sha256Hex(file.getBytes()));
		description.put("note", note);
		Path tempDir = tempDir(request.getServletContext());
		description.put("tempDir", tempDir.toString());
		description.put("tempFilesDuringRequest", list(tempDir));
		return description;
	}

	static Path tempDir(ServletContext context) {
		return ((File) context.getAttribute(ServletContext.TEMPDIR)).toPath();
	}

	/** Regular files under {@code directory}, as absolute paths. */
	public static List<String> list(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			return paths.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
		}
	}

}
