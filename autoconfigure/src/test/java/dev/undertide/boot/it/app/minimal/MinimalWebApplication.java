package dev.undertide.boot.it.app.minimal;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A web application with nothing of its own, for tests that start and stop applications themselves. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class MinimalWebApplication {

}
