// The C io_uring limit for run.mjs (liburing; Debian's liburing-dev 2.3 is enough):
//   uring_bench echo-server PORT           multishot accept, multishot recv over a provided
//                                          buffer ring, one send per received chunk; until killed
//   uring_bench accept-server PORT COUNT   multishot accept, close(2) each; after WARMUP
//                                          connections, prints {"count","cpuSeconds"} at COUNT more
//   uring_bench echo-server-coop PORT      echo-server with IORING_SETUP_COOP_TASKRUN instead of
//                                          DEFER_TASKRUN: the task-work mode @sock/uring must use
//                                          (an event loop polling the ring cannot use DEFER_TASKRUN)
// Prints "ready" once listening. The same design as @sock/uring: one ring, the buffer
// group registered with io_uring_register_buf_ring, each buffer returned after its send.
#include <arpa/inet.h>
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

enum { ACCEPT = 1, RECV = 2, SEND = 3 };
#define BUFS 4096
#define BUF_SIZE 4096
#define WARMUP 1000

static void die(const char* what) {
  perror(what);
  exit(1);
}

static int listener(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(fd, (struct sockaddr*)&a, sizeof a) || listen(fd, 4096)) die("listen");
  return fd;
}

static double cpu_seconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static struct io_uring ring;

static struct io_uring_sqe* sqe(void) {
  struct io_uring_sqe* s = io_uring_get_sqe(&ring);
  if (!s) {
    io_uring_submit(&ring);
    s = io_uring_get_sqe(&ring);
  }
  return s;
}

static void arm_accept(int ln) {
  struct io_uring_sqe* s = sqe();
  io_uring_prep_multishot_accept(s, ln, NULL, NULL, SOCK_NONBLOCK);
  io_uring_sqe_set_data64(s, (uint64_t)ACCEPT << 32);
}

static void arm_recv(int fd) {
  struct io_uring_sqe* s = sqe();
  io_uring_prep_recv_multishot(s, fd, NULL, 0, 0);
  s->flags |= IOSQE_BUFFER_SELECT;
  s->buf_group = 0;
  io_uring_sqe_set_data64(s, (uint64_t)RECV << 32 | (uint32_t)fd);
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const char* mode = argv[1];
  int port = atoi(argv[2]);
  long count = argc > 3 ? atol(argv[3]) : 0;
  const int coop = !strcmp(mode, "echo-server-coop");
  struct io_uring_params p = {
      .flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_CQSIZE |
               (coop ? IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG : IORING_SETUP_DEFER_TASKRUN),
      .cq_entries = 16384};
  if (io_uring_queue_init_params(4096, &ring, &p)) die("io_uring_queue_init");
  struct io_uring_buf_ring* br =
      mmap(NULL, BUFS * sizeof(struct io_uring_buf), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct io_uring_buf_reg reg = {.ring_addr = (unsigned long)br, .ring_entries = BUFS, .bgid = 0};
  if (io_uring_register_buf_ring(&ring, &reg, 0)) die("io_uring_register_buf_ring");
  char* bufs = malloc((size_t)BUFS * BUF_SIZE);
  io_uring_buf_ring_init(br);
  for (int i = 0; i < BUFS; i++) io_uring_buf_ring_add(br, bufs + (size_t)i * BUF_SIZE, BUF_SIZE, i, BUFS - 1, i);
  io_uring_buf_ring_advance(br, BUFS);

  int ln = listener(port);
  arm_accept(ln);
  io_uring_submit(&ring);
  printf("ready\n");
  fflush(stdout);
  int echo = !strcmp(mode, "echo-server") || coop;
  long accepted = 0;
  double c0 = 0;
  for (;;) {
    io_uring_submit_and_wait(&ring, 1);
    struct io_uring_cqe* cqe;
    unsigned head, seen = 0;
    io_uring_for_each_cqe(&ring, head, cqe) {
      seen++;
      uint64_t d = io_uring_cqe_get_data64(cqe);
      int kind = d >> 32, fd = (int)(uint32_t)d;
      int more = cqe->flags & IORING_CQE_F_MORE;
      if (kind == ACCEPT) {
        if (cqe->res >= 0) {
          if (echo) {
            int one = 1;
            setsockopt(cqe->res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            arm_recv(cqe->res);
          } else {
            close(cqe->res);
            if (++accepted == WARMUP) c0 = cpu_seconds();
            if (accepted == WARMUP + count) {
              printf("{\"count\":%ld,\"cpuSeconds\":%f}\n", count, cpu_seconds() - c0);
              fflush(stdout);
              return 0;
            }
          }
        }
        if (!more) arm_accept(ln);
      } else if (kind == RECV) {
        if (cqe->res > 0) {
          int bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
          struct io_uring_sqe* s = sqe();
          io_uring_prep_send(s, fd, bufs + (size_t)bid * BUF_SIZE, cqe->res, MSG_NOSIGNAL);
          io_uring_sqe_set_data64(s, (uint64_t)SEND << 32 | (uint32_t)bid);
          if (!more) arm_recv(fd);
        } else if (cqe->res == -ENOBUFS) {
          arm_recv(fd);
        } else if (!more) {
          close(fd);
        }
      } else if (kind == SEND) {
        // the buffer goes back to the ring once its bytes are sent
        io_uring_buf_ring_add(br, bufs + (size_t)fd * BUF_SIZE, BUF_SIZE, fd, BUFS - 1, 0);
        io_uring_buf_ring_advance(br, 1);
      }
    }
    io_uring_cq_advance(&ring, seen);
  }
}
