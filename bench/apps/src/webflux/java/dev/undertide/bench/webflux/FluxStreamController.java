package dev.undertide.bench.webflux;

import dev.undertide.bench.Payloads;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** /stream on WebFlux: a Flux of 10 chunks of 1 KiB, application/octet-stream. */
@RestController
public class FluxStreamController {

	@GetMapping(path = "/stream", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	public Flux<byte[]> stream() {
		return Flux.range(0, Payloads.CHUNKS).map((i) -> Payloads.CHUNK);
	}

}
