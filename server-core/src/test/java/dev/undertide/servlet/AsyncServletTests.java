package dev.undertide.servlet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The async cycle of Servlet §2.3.3.3 over a real socket.
 */
class AsyncServletTests {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private RunningServletServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private void serve(HttpServlet servlet, boolean asyncSupported) throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			var registration = context.addServlet("async", servlet);
			registration.setAsyncSupported(asyncSupported);
			registration.addMapping("/async/*");
			context.addServlet("target", new HttpServlet() {
				@Override
				protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print("dispatched:" + request.getDispatcherType() + ":"
							+ request.getAttribute(AsyncContext.ASYNC_REQUEST_URI));
				}
			}).setAsyncSupported(true);
			context.getServletRegistration("target").addMapping("/target");
		}));
	}

	@Test
	void completeFromAnotherThreadSendsWhatWasWritten() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				AsyncContext async = request.startAsync();
				new Thread(() -> {
					try {
						Thread.sleep(200);
						async.getResponse().getWriter().print("done later");
					}
					catch (InterruptedException | IOException ex) {
						throw new IllegalStateException(ex);
					}
					async.complete();
				}).start();
			}
		}, true);
		HttpResponse<String> response = this.server.get("/async/x");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("done later");
	}

	@Test
	void completeDuringTheDispatchWaitsForItToReturn() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				AsyncContext async = request.startAsync();
				async.complete();
				response.getWriter().print("written after complete, before return");
			}
		}, true);
		assertThat(this.server.get("/async/x").body()).isEqualTo("written after complete, before return");
	}

	@Test
	void dispatchRunsTheTargetAsAnAsyncDispatchWithAsyncAttributes() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				AsyncContext async = request.startAsync();
				async.start(() -> async.dispatch("/target"));
			}
		}, true);
		assertThat(this.server.get("/async/x").body()).isEqualTo("dispatched:ASYNC:/async/x");
	}

	@Test
	void dispatchAskedForByAnApplicationThreadRunsOnAWorkerThread() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				if (request.getDispatcherType() == DispatcherType.ASYNC) {
					response.getWriter().print(Thread.currentThread().getName());
					return;
				}
				AsyncContext async = request.startAsync();
				new Thread(async::dispatch, "application").start();
			}
		}, true);
		// XNIO names its worker threads "XNIO-<n> task-<m>" and its I/O threads "XNIO-<n> I/O-<m>".
		assertThat(this.server.get("/async/x").body()).matches("XNIO-\\d+ task-\\d+");
	}

	@Test
	void dispatchWithoutPathReturnsToTheOriginalServlet() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				if (request.getDispatcherType() == DispatcherType.ASYNC) {
					response.getWriter().print("second pass");
					return;
				}
				request.startAsync().dispatch();
			}
		}, true);
		assertThat(this.server.get("/async/x").body()).isEqualTo("second pass");
	}

	@Test
	void timeoutWithoutListenerActionSends500() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				request.startAsync().setTimeout(200);
			}
		}, true);
		assertThat(this.server.get("/async/x").statusCode()).isEqualTo(500);
	}

	@Test
	void listenersHearTimeoutAndCompleteInOrder() throws Exception {
		CountDownLatch completed = new CountDownLatch(1);
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				AsyncContext async = request.startAsync();
				async.setTimeout(200);
				async.addListener(new RecordingListener(AsyncServletTests.this.events, completed) {
					@Override
					public void onTimeout(AsyncEvent event) throws IOException {
						super.onTimeout(event);
						event.getAsyncContext().getResponse().getWriter().print("timed out politely");
						event.getAsyncContext().complete();
					}
				});
			}
		}, true);
		HttpResponse<String> response = this.server.get("/async/x");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("timed out politely");
		assertThat(completed.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.events).containsExactly("onTimeout", "onComplete");
	}

	@Test
	void exceptionAfterStartAsyncReachesListenersAndSends500() throws Exception {
		CountDownLatch completed = new CountDownLatch(1);
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				request.startAsync().addListener(new RecordingListener(AsyncServletTests.this.events, completed));
				throw new IllegalStateException("boom");
			}
		}, true);
		assertThat(this.server.get("/async/x").statusCode()).isEqualTo(500);
		assertThat(completed.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.events).containsExactly("onError", "onComplete");
	}

	@Test
	void startAsyncOnAServletWithoutAsyncSupportFails() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				try {
					request.startAsync();
				}
				catch (IllegalStateException ex) {
					response.getWriter().print("refused");
				}
			}
		}, false);
		assertThat(this.server.get("/async/x").body()).isEqualTo("refused");
	}

	@Test
	void isAsyncStartedStaysTrueUntilTheDispatchReturnsEvenWhenCompleteIsPending() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				boolean before = request.isAsyncStarted();
				AsyncContext async = request.startAsync();
				async.complete();
				// Spring MVC asks this after its handler returned, to know whether to render a view.
				response.getWriter().print(before + "," + request.isAsyncStarted());
			}
		}, true);
		assertThat(this.server.get("/async/x").body()).isEqualTo("false,true");
	}

	@Test
	void isAsyncStartedIsFalseInTheDispatchThatFollows() throws Exception {
		serve(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				if (request.getDispatcherType() == DispatcherType.ASYNC) {
					response.getWriter().print("async dispatch sees " + request.isAsyncStarted());
					return;
				}
				request.startAsync().dispatch();
			}
		}, true);
		assertThat(this.server.get("/async/x").body()).isEqualTo("async dispatch sees false");
	}

	static class RecordingListener implements AsyncListener {

		private final List<String> events;

		private final CountDownLatch completed;

		RecordingListener(List<String> events, CountDownLatch completed) {
			this.events = events;
			this.completed = completed;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			this.events.add("onComplete");
			this.completed.countDown();
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			this.events.add("onTimeout");
		}

		@Override
		public void onError(AsyncEvent event) {
			this.events.add("onError");
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			this.events.add("onStartAsync");
		}

	}

}
