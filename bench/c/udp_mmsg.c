// The C baseline for udp-batch.mjs: a recvmmsg or sendmmsg loop over 64-byte
// datagrams, batches of 32, on 127.0.0.1. Prints one JSON line with the count
// and the CPU time (getrusage) it took.
//   udp_mmsg recv PORT SECONDS      (binds 127.0.0.1:PORT, blocking recvmmsg)
//   udp_mmsg send PORT SECONDS      (sends to 127.0.0.1:PORT)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 32
#define SIZE 64

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  int recv_mode = strcmp(argv[1], "recv") == 0;
  int port = atoi(argv[2]);
  double seconds = atof(argv[3]);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int rcvbuf = 1 << 22;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  static char bufs[BATCH][SIZE];
  struct iovec iov[BATCH];
  struct mmsghdr msgs[BATCH];
  memset(msgs, 0, sizeof msgs);
  for (int i = 0; i < BATCH; i++) {
    iov[i].iov_base = bufs[i];
    iov[i].iov_len = SIZE;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    if (!recv_mode) {
      msgs[i].msg_hdr.msg_name = &sa;
      msgs[i].msg_hdr.msg_namelen = sizeof sa;
    }
  }
  if (recv_mode && bind(fd, (struct sockaddr*)&sa, sizeof sa) != 0) return perror("bind"), 1;
  if (recv_mode) {
    printf("ready\n");
    fflush(stdout);
  }
  struct timeval tv = {.tv_sec = 0, .tv_usec = 200000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  long count = 0;
  double c0 = 0, end = 0;
  int started = 0;
  for (;;) {
    int n = recv_mode ? recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL) : sendmmsg(fd, msgs, BATCH, 0);
    if (n <= 0) {
      if (recv_mode && started) break; // the sender stopped
      continue;
    }
    if (!started) {
      started = 1;
      c0 = cpu();
      end = now() + seconds;
      continue;
    }
    count += n;
    if (now() > end) break;
  }
  double c = cpu() - c0;
  printf("{\"count\":%ld,\"cpuSeconds\":%f}\n", count, c);
  return 0;
}
