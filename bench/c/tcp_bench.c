// The C baselines of bench/run.mjs: the same syscalls sock and node:net make,
// on 127.0.0.1, 64-byte messages. Every mode prints one JSON line at the end
// (and "ready" / "warm" lines where the orchestrator waits for them).
//   tcp_bench pingpong-server PORT           accept one connection, echo with blocking recv/send
//   tcp_bench pingpong-client PORT SECONDS   blocking send/recv round trips: {"count","seconds"}
//   tcp_bench bulk-send PORT SECONDS         connect, send 64 KiB chunks until SECONDS passed, then close
//   tcp_bench bulk-recv PORT                 accept one connection, recv 64 KiB at a time until EOF:
//                                            {"bytes","seconds","cpuSeconds"} from the first byte
//   tcp_bench accept-server PORT COUNT [WARMUP]  accept4 + close COUNT connections after WARMUP
//                                            unmeasured ones: {"count","cpuSeconds"}
//   tcp_bench dial-client PORT COUNT [WARMUP]    COUNT blocking connect + close after WARMUP
//                                            unmeasured ones: {"count","seconds","cpuSeconds"}
//   tcp_bench pingpong-1proc PORT SECONDS    both ends in this process on one epoll loop (what an
//                                            event loop does, with no runtime): {"count","seconds"}
//   tcp_bench echo-server PORT               epoll echo server (level-triggered, one recv and one
//                                            send per ready socket), until killed
//   tcp_bench echo-client PORT CONNS DEPTH SECONDS
//                                            epoll client: CONNS connections, DEPTH messages in flight
//                                            on each, every echo checked against what was sent;
//                                            "warm" after 1 s, then {"count","seconds","bad"}, then
//                                            waits, connections open, until killed
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void die(const char* what) {
  perror(what);
  exit(1);
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static int listener(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = loopback(port);
  if (bind(fd, (struct sockaddr*)&a, sizeof a) < 0) die("bind");
  if (listen(fd, 4096) < 0) die("listen");
  printf("ready\n");
  fflush(stdout);
  return fd;
}

static int dial(int port, int flags) {
  int fd = socket(AF_INET, SOCK_STREAM | flags, 0), one = 1;
  struct sockaddr_in a = loopback(port);
  if (connect(fd, (struct sockaddr*)&a, sizeof a) < 0 && errno != EINPROGRESS) die("connect");
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static int fill(int fd, char* buf, int len) {  // blocking: read exactly len bytes (0 at EOF)
  for (int got = 0; got < len;) {
    ssize_t n = recv(fd, buf + got, len - got, 0);
    if (n <= 0) return 0;
    got += n;
  }
  return len;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const char* mode = argv[1];
  int port = atoi(argv[2]);
  char buf[65536];
  memset(buf, 'a', sizeof buf);
  if (!strcmp(mode, "pingpong-server")) {
    int ln = listener(port), c = accept(ln, NULL, NULL), one = 1;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    while (fill(c, buf, MSG)) send(c, buf, MSG, 0);
    return 0;
  }
  if (!strcmp(mode, "pingpong-client")) {
    double seconds = atof(argv[3]);
    int c = dial(port, 0);
    for (int i = 0; i < 20000; i++) send(c, buf, MSG, 0), fill(c, buf, MSG);  // warm up
    long count = 0;
    double t0 = now(), t;
    do {
      for (int i = 0; i < 1000; i++) send(c, buf, MSG, 0), fill(c, buf, MSG);
      count += 1000;
    } while ((t = now() - t0) < seconds);
    printf("{\"count\":%ld,\"seconds\":%f}\n", count, t);
    return 0;
  }
  if (!strcmp(mode, "bulk-send")) {
    double seconds = atof(argv[3]), t0 = now();
    int c = dial(port, 0);
    while (now() - t0 < seconds)
      if (send(c, buf, sizeof buf, 0) < 0) die("send");
    close(c);
    return 0;
  }
  if (!strcmp(mode, "bulk-recv")) {
    int ln = listener(port), c = accept(ln, NULL, NULL);
    ssize_t n = recv(c, buf, sizeof buf, 0);
    double t0 = now(), c0 = cpu();
    long bytes = 0;
    while ((n = recv(c, buf, sizeof buf, 0)) > 0) bytes += n;
    printf("{\"bytes\":%ld,\"seconds\":%f,\"cpuSeconds\":%f}\n", bytes, now() - t0, cpu() - c0);
    return 0;
  }
  if (!strcmp(mode, "accept-server")) {
    long count = atol(argv[3]), warmup = argc > 4 ? atol(argv[4]) : 0;
    int ln = listener(port);
    double c0 = 0;
    for (long i = 0; i < count + warmup; i++) {
      if (i == warmup) c0 = cpu();
      int c = accept4(ln, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (c < 0) die("accept4");
      close(c);
    }
    printf("{\"count\":%ld,\"cpuSeconds\":%f}\n", count, cpu() - c0);
    return 0;
  }
  if (!strcmp(mode, "dial-client")) {
    long count = atol(argv[3]), warmup = argc > 4 ? atol(argv[4]) : 0;
    for (long i = 0; i < warmup; i++) close(dial(port, 0));
    double t0 = now(), c0 = cpu();
    for (long i = 0; i < count; i++) close(dial(port, 0));
    printf("{\"count\":%ld,\"seconds\":%f,\"cpuSeconds\":%f}\n", count, now() - t0, cpu() - c0);
    return 0;
  }
  if (!strcmp(mode, "pingpong-1proc")) {
    double seconds = atof(argv[3]);
    int ln = listener(port), c = dial(port, SOCK_NONBLOCK), s = accept4(ln, NULL, NULL, SOCK_NONBLOCK), one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = c}, evs[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
    ev.data.fd = s;
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    long count = 0, warm = 20000;
    double t0 = 0;
    send(c, buf, MSG, 0);
    for (;;) {
      int n = epoll_wait(ep, evs, 2, -1);
      for (int i = 0; i < n; i++) {
        int fd = evs[i].data.fd;
        ssize_t got = recv(fd, buf, sizeof buf, 0);
        if (got <= 0) continue;
        if (fd == c && ++count == warm && t0 == 0) t0 = now(), count = 0;
        if (fd == c && t0 > 0 && (count & 1023) == 0 && now() - t0 >= seconds) {
          printf("{\"count\":%ld,\"seconds\":%f}\n", count, now() - t0);
          return 0;
        }
        send(fd, buf, got, 0);
      }
    }
  }
  if (!strcmp(mode, "echo-server")) {
    int ln = listener(port), ep = epoll_create1(0);
    fcntl(ln, F_SETFL, O_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = ln}, evs[1024];
    epoll_ctl(ep, EPOLL_CTL_ADD, ln, &ev);
    for (;;) {
      int n = epoll_wait(ep, evs, 1024, -1);
      for (int i = 0; i < n; i++) {
        int fd = evs[i].data.fd;
        if (fd == ln) {
          int c;
          while ((c = accept4(ln, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
            int one = 1;
            setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            struct epoll_event cev = {.events = EPOLLIN, .data.fd = c};
            epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
          }
          continue;
        }
        ssize_t got = recv(fd, buf, sizeof buf, 0);
        if (got <= 0) {
          if (got < 0 && errno == EAGAIN) continue;
          close(fd);
          continue;
        }
        for (ssize_t sent = 0; sent < got;) {  // the client keeps little in flight: this does not block
          ssize_t s = send(fd, buf + sent, got - sent, 0);
          if (s < 0) break;
          sent += s;
        }
      }
    }
  }
  if (!strcmp(mode, "echo-client")) {
    int conns = atoi(argv[3]), depth = atoi(argv[4]);
    double seconds = atof(argv[5]);
    int ep = epoll_create1(0);
    int* fds = calloc(conns, sizeof(int));
    uint32_t *sent = calloc(conns, 4), *recvd = calloc(conns, 4), *partial = calloc(conns, 4);
    char(*pend)[MSG] = calloc(conns, MSG);
    for (int i = 0; i < conns; i++) {
      fds[i] = dial(port, SOCK_NONBLOCK);
      struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
      epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
    }
    // a message is its connection and sequence number, repeated: the echo must match exactly
    char msg[MSG];
#define MAKE(i, seq)                                  \
  for (int k = 0; k < MSG; k += 8) {                  \
    uint32_t w[2] = {(uint32_t)(i), (uint32_t)(seq)}; \
    memcpy(msg + k, w, 8);                            \
  }
    int connected = 0;
    struct epoll_event evs[1024];
    double t0 = now(), warm_at = t0 + 1, end = 0;
    long count = 0, bad = 0;
    int warm = 0;
    for (int i = 0; i < conns; i++)
      for (int d = 0; d < depth; d++) {
        MAKE(i, sent[i]);
        if (send(fds[i], msg, MSG, 0) != MSG) {  // connecting: first messages once writable
          if (errno != EAGAIN && errno != ENOTCONN && errno != EINPROGRESS) die("send");
          break;
        }
        sent[i]++;
      }
    (void)connected;
    for (;;) {
      double t = now();
      if (!warm && t >= warm_at) {
        warm = 1, count = 0, t0 = t;
        printf("warm\n");
        fflush(stdout);
      }
      if (warm && t - t0 >= seconds) break;
      int n = epoll_wait(ep, evs, 1024, 100);
      for (int e = 0; e < n; e++) {
        int i = evs[e].data.u32;
        for (;;) {
          ssize_t got = recv(fds[i], pend[i] + partial[i], MSG - partial[i], 0);
          if (got <= 0) {
            if (got < 0 && errno == EAGAIN) break;
            die("echo-client: connection closed");
          }
          partial[i] += got;
          if (partial[i] < MSG) continue;
          partial[i] = 0;
          MAKE(i, recvd[i]);
          if (memcmp(msg, pend[i], MSG)) bad++;
          recvd[i]++, count++;
          MAKE(i, sent[i]);
          if (send(fds[i], msg, MSG, 0) != MSG) die("send");
          sent[i]++;
        }
      }
      // connections whose first sends found the connect still in progress
      for (int i = 0; i < conns && !warm; i++)
        while (sent[i] - recvd[i] < (uint32_t)depth) {
          MAKE(i, sent[i]);
          if (send(fds[i], msg, MSG, 0) != MSG) break;
          sent[i]++;
        }
    }
    end = now();
    printf("{\"count\":%ld,\"seconds\":%f,\"bad\":%ld}\n", count, end - t0, bad);
    fflush(stdout);
    pause();  // the connections stay open (and idle) until the orchestrator has read the server's counters
    return 0;
  }
  return 2;
}
