// The C baseline for udp-batch.mjs: a recvmmsg or sendmmsg loop over 64-byte
// datagrams, batches of 32, on 127.0.0.1. Prints one JSON line with the count,
// the CPU time (getrusage) it took, the mean batch and the number of times the
// process slept (voluntary context switches).
//   udp_mmsg recv PORT SECONDS      binds 127.0.0.1:PORT; blocking recvmmsg(MSG_WAITFORONE),
//                                   collecting each sender's address as recvMessages does
//   udp_mmsg send PORT SECONDS      sendmmsg of 32 datagrams to 127.0.0.1:PORT
//   udp_mmsg sendgso PORT SECONDS   sendmmsg of 32 UDP_SEGMENT (GSO) sends of 64 datagrams
//                                   each: cheap enough per datagram to saturate a receiver
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

#define BATCH 32
#define SIZE 64
#define SEGMENTS 64

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double seconds_of(struct timeval tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  int recv_mode = strcmp(argv[1], "recv") == 0;
  int gso = strcmp(argv[1], "sendgso") == 0;
  int port = atoi(argv[2]);
  double seconds = atof(argv[3]);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int rcvbuf = 1 << 22;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  int segment = SIZE;
  if (gso && setsockopt(fd, IPPROTO_UDP, UDP_SEGMENT, &segment, sizeof segment) != 0) return perror("UDP_SEGMENT"), 1;
  static char bufs[BATCH][SIZE * SEGMENTS];
  static struct sockaddr_storage names[BATCH];
  struct iovec iov[BATCH];
  struct mmsghdr msgs[BATCH];
  memset(msgs, 0, sizeof msgs);
  for (int i = 0; i < BATCH; i++) {
    iov[i].iov_base = bufs[i];
    iov[i].iov_len = gso ? SIZE * SEGMENTS : SIZE;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = recv_mode ? (void*)&names[i] : (void*)&sa;
  }
  if (recv_mode && bind(fd, (struct sockaddr*)&sa, sizeof sa) != 0) return perror("bind"), 1;
  if (recv_mode) {
    printf("ready\n");
    fflush(stdout);
  }
  struct timeval tv = {.tv_sec = 0, .tv_usec = 200000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  long count = 0, calls = 0;
  double end = 0;
  struct rusage r0, r1;
  int started = 0;
  for (;;) {
    int n;
    if (recv_mode) {
      for (int i = 0; i < BATCH; i++) msgs[i].msg_hdr.msg_namelen = sizeof names[i];
      n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
    } else {
      for (int i = 0; i < BATCH; i++) msgs[i].msg_hdr.msg_namelen = sizeof sa;
      n = sendmmsg(fd, msgs, BATCH, 0);
    }
    if (n <= 0) {
      if (recv_mode && started) break;  // the sender stopped
      continue;
    }
    if (!started) {
      started = 1;
      getrusage(RUSAGE_SELF, &r0);
      end = now() + seconds;
      continue;
    }
    count += recv_mode ? n : (long)n * (gso ? SEGMENTS : 1);
    calls++;
    if (now() > end) break;
  }
  getrusage(RUSAGE_SELF, &r1);
  double cpu = seconds_of(r1.ru_utime) + seconds_of(r1.ru_stime) - seconds_of(r0.ru_utime) - seconds_of(r0.ru_stime);
  printf("{\"count\":%ld,\"cpuSeconds\":%f,\"batch\":%.1f,\"sleeps\":%ld}\n", count, cpu,
         calls ? (double)count / calls : 0.0, r1.ru_nvcsw - r0.ru_nvcsw);
  return 0;
}
