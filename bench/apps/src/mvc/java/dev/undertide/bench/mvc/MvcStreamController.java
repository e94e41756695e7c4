package dev.undertide.bench.mvc;

import dev.undertide.bench.Payloads;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * /stream on Spring MVC: a {@link StreamingResponseBody}, i.e. Servlet async processing. The body
 * is written on the MVC async task executor as 10 chunks of 1 KiB, flushed after each chunk.
 */
@RestController
public class MvcStreamController {

	@GetMapping("/stream")
	public ResponseEntity<StreamingResponseBody> stream() {
		StreamingResponseBody body = (out) -> {
			for (int i = 0; i < Payloads.CHUNKS; i++) {
				out.write(Payloads.CHUNK);
				out.flush();
			}
		};
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(body);
	}

}
