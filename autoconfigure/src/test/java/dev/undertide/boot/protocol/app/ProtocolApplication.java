package dev.undertide.boot.protocol.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of the protocol tests, run once as a Spring MVC application and once as a WebFlux one:
 * the same paths answer the same way on both stacks, so every protocol rule is checked against both with
 * the same bytes on the wire.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ ProtocolController.class, ProtocolController.MvcOnly.class, ProtocolController.WebFluxOnly.class })
public class ProtocolApplication {

}
