package dev.undertide.bench;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * /plaintext, /json, /big and /download. Annotated controllers work unchanged on Spring MVC and on WebFlux,
 * so this class is shared by every Spring variant. (/stream needs a stack-specific return type
 * and lives in src/mvc or src/webflux.)
 */
@RestController
public class HelloController {

	/** 13 bytes, text/plain. */
	@GetMapping(path = "/plaintext", produces = MediaType.TEXT_PLAIN_VALUE)
	public String plaintext() {
		return Payloads.PLAINTEXT;
	}

	/** {"message":"Hello, World!"}, serialised by Jackson on every request. */
	@GetMapping(path = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
	public Message json() {
		return new Message(Payloads.PLAINTEXT);
	}

	/** 1 MiB, application/octet-stream, from a byte[] allocated once. */
	@GetMapping(path = "/big", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	public byte[] big() {
		return Payloads.BIG;
	}

	/** 32 MiB, application/octet-stream: the slow-client phase downloads it at 1 MiB/s. */
	@GetMapping(path = "/download", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	public byte[] download() {
		return Payloads.Download.BYTES;
	}

	public record Message(String message) {
	}

}
