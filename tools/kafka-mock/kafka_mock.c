/*
 * Lexfin's development and test Kafka broker: librdkafka's built-in mock cluster (Confluent's own
 * test broker), because no Apache Kafka can be installed on the machines we develop and test on.
 *
 * Usage: kafka-mock [--brokers N] [--topic NAME:PARTITIONS]...
 *
 * Prints two lines on stdout, then serves until stdin closes (so it never outlives its parent):
 *   BOOTSTRAP 127.0.0.1:port[,...]
 *   CONTROL 127.0.0.1:port
 *
 * The control port takes one command per line from any local process and answers "OK" or
 * "ERR <reason>" (tests use it for topics and fault injection):
 *   topic NAME PARTITIONS            create a topic (replication factor 1)
 *   down BROKER_ID | up BROKER_ID    take a broker off the network / bring it back
 *   rtt BROKER_ID MS                 add round-trip latency to a broker
 *   errors API_KEY ERR_CODE COUNT    fail the next COUNT requests of API_KEY with ERR_CODE
 *   clear API_KEY                    drop queued request errors of API_KEY
 *   ping                             liveness check
 */
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#define MAX_CLIENTS 64
#define LINE_MAX_LEN 512

struct control_client {
  int fd;
  char buf[LINE_MAX_LEN];
  size_t len;
};

static rd_kafka_mock_cluster_t *mcluster;

static void reply(int fd, const char *text) {
  size_t n = strlen(text);
  while (n > 0) {
    ssize_t w = write(fd, text, n);
    if (w <= 0) return;
    text += w;
    n -= (size_t)w;
  }
}

static void run_command(int fd, char *line) {
  char *cmd = strtok(line, " \t\r\n");
  char *a = strtok(NULL, " \t\r\n");
  char *b = strtok(NULL, " \t\r\n");
  char *c = strtok(NULL, " \t\r\n");
  char msg[LINE_MAX_LEN];
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;

  if (!cmd) {
    reply(fd, "ERR empty command\n");
    return;
  }
  if (!strcmp(cmd, "ping")) {
    reply(fd, "OK\n");
    return;
  }
  if (!strcmp(cmd, "topic") && a && b) {
    err = rd_kafka_mock_topic_create(mcluster, a, atoi(b), 1);
  } else if (!strcmp(cmd, "down") && a) {
    err = rd_kafka_mock_broker_set_down(mcluster, atoi(a));
  } else if (!strcmp(cmd, "up") && a) {
    err = rd_kafka_mock_broker_set_up(mcluster, atoi(a));
  } else if (!strcmp(cmd, "rtt") && a && b) {
    err = rd_kafka_mock_broker_set_rtt(mcluster, atoi(a), atoi(b));
  } else if (!strcmp(cmd, "errors") && a && b && c) {
    int count = atoi(c);
    rd_kafka_resp_err_t code = (rd_kafka_resp_err_t)atoi(b);
    rd_kafka_resp_err_t *errs;
    if (count <= 0 || count > 100000) {
      reply(fd, "ERR count must be 1..100000\n");
      return;
    }
    errs = calloc((size_t)count, sizeof(*errs));
    for (int i = 0; i < count; i++) errs[i] = code;
    rd_kafka_mock_push_request_errors_array(mcluster, (int16_t)atoi(a), (size_t)count, errs);
    free(errs);
  } else if (!strcmp(cmd, "clear") && a) {
    rd_kafka_mock_clear_request_errors(mcluster, (int16_t)atoi(a));
  } else {
    snprintf(msg, sizeof msg, "ERR unknown or incomplete command '%s'\n", cmd);
    reply(fd, msg);
    return;
  }
  if (err) {
    snprintf(msg, sizeof msg, "ERR %s\n", rd_kafka_err2str(err));
    reply(fd, msg);
  } else {
    reply(fd, "OK\n");
  }
}

static int open_control_socket(int *port) {
  struct sockaddr_in addr;
  socklen_t alen = sizeof addr;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  if (fd < 0) return -1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &alen) < 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

int main(int argc, char **argv) {
  int broker_cnt = 1;
  char errstr[512];
  struct control_client clients[MAX_CLIENTS];
  int nclients = 0;
  int control_port = 0;
  int listen_fd;
  rd_kafka_conf_t *conf;
  rd_kafka_t *rk;

  signal(SIGPIPE, SIG_IGN);
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--brokers") && i + 1 < argc) broker_cnt = atoi(argv[++i]);
  }

  conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "kafka-mock: %s\n", errstr);
    return 2;
  }
  rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "kafka-mock: cannot create the librdkafka handle: %s\n", errstr);
    return 2;
  }
  mcluster = rd_kafka_mock_cluster_new(rk, broker_cnt);
  if (!mcluster) {
    fprintf(stderr, "kafka-mock: cannot start the mock cluster\n");
    return 2;
  }

  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--topic") && i + 1 < argc) {
      char *spec = argv[++i];
      char *colon = strrchr(spec, ':');
      int partitions = colon ? atoi(colon + 1) : 1;
      if (colon) *colon = '\0';
      if (rd_kafka_mock_topic_create(mcluster, spec, partitions, 1)) {
        fprintf(stderr, "kafka-mock: cannot create topic %s\n", spec);
        return 2;
      }
    }
  }

  listen_fd = open_control_socket(&control_port);
  if (listen_fd < 0) {
    fprintf(stderr, "kafka-mock: cannot open the control socket: %s\n", strerror(errno));
    return 2;
  }
  printf("BOOTSTRAP %s\nCONTROL 127.0.0.1:%d\n", rd_kafka_mock_cluster_bootstraps(mcluster),
         control_port);
  fflush(stdout);

  for (;;) {
    struct pollfd fds[MAX_CLIENTS + 2];
    fds[0].fd = STDIN_FILENO;
    fds[0].events = POLLIN;
    fds[1].fd = listen_fd;
    fds[1].events = POLLIN;
    for (int i = 0; i < nclients; i++) {
      fds[i + 2].fd = clients[i].fd;
      fds[i + 2].events = POLLIN;
    }
    if (poll(fds, (nfds_t)(nclients + 2), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents) {
      char sink[256];
      if (read(STDIN_FILENO, sink, sizeof sink) <= 0) break; /* parent gone: shut down */
    }
    if ((fds[1].revents & POLLIN) && nclients < MAX_CLIENTS) {
      int cfd = accept(listen_fd, NULL, NULL);
      if (cfd >= 0) {
        clients[nclients].fd = cfd;
        clients[nclients].len = 0;
        nclients++;
      }
    }
    for (int i = nclients - 1; i >= 0; i--) {
      if (!fds[i + 2].revents) continue;
      struct control_client *cl = &clients[i];
      ssize_t n = read(cl->fd, cl->buf + cl->len, sizeof cl->buf - cl->len - 1);
      if (n <= 0) {
        close(cl->fd);
        clients[i] = clients[--nclients];
        continue;
      }
      cl->len += (size_t)n;
      cl->buf[cl->len] = '\0';
      char *nl;
      while ((nl = strchr(cl->buf, '\n')) != NULL) {
        *nl = '\0';
        run_command(cl->fd, cl->buf);
        size_t rest = cl->len - (size_t)(nl + 1 - cl->buf);
        memmove(cl->buf, nl + 1, rest);
        cl->len = rest;
        cl->buf[cl->len] = '\0';
      }
      if (cl->len >= sizeof cl->buf - 1) {
        reply(cl->fd, "ERR line too long\n");
        cl->len = 0;
      }
    }
  }

  for (int i = 0; i < nclients; i++) close(clients[i].fd);
  close(listen_fd);
  rd_kafka_mock_cluster_destroy(mcluster);
  rd_kafka_destroy(rk);
  return 0;
}
