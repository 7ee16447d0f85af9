/* tsexit: prints the kernel's own accounting of every task named NAME when it
 * exits, from the taskstats netlink interface, one line each:
 *
 *   exit PID PPID UID CPU_NS UTIME_US STIME_US HIWATER_RSS_KIB
 *
 * CPU_NS is the task's scheduler run time (sum_exec_runtime, in ns: exact,
 * where UTIME_US and STIME_US are sampled at each timer tick) and
 * HIWATER_RSS_KIB its peak resident set, both for that task alone: unlike
 * wait4(2) or /usr/bin/time, which add up the children the task reaped
 * (RUSAGE_BOTH), so that a supervisor of a Python server would "use" the
 * server's memory. Test-only tool of bench/run; runs as root until killed,
 * and prints "ready" once it listens. */
#define _GNU_SOURCE
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define GENLMSG_DATA(g) ((char *)NLMSG_DATA(g) + GENL_HDRLEN)
#define NLA_DATA(na) ((char *)(na) + NLA_HDRLEN)

static int sock;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Sends one generic netlink request with one attribute. */
static void send_cmd(__u16 family, __u8 cmd, __u16 attr, const void *data, int len)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char buf[256];
	} msg = { 0 };
	struct nlattr *na = (struct nlattr *)GENLMSG_DATA(&msg);
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };

	msg.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	msg.n.nlmsg_type = family;
	msg.n.nlmsg_flags = NLM_F_REQUEST;
	msg.n.nlmsg_pid = getpid();
	msg.g.cmd = cmd;
	msg.g.version = 1;
	na->nla_type = attr;
	na->nla_len = NLA_HDRLEN + len;
	memcpy(NLA_DATA(na), data, len);
	msg.n.nlmsg_len += NLMSG_ALIGN(na->nla_len);
	if (sendto(sock, &msg, msg.n.nlmsg_len, 0, (struct sockaddr *)&to, sizeof to) < 0)
		die("sendto");
}

static __u16 family_id(void)
{
	static char buf[8192];
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	struct nlattr *na;
	int len;

	send_cmd(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME,
		 TASKSTATS_GENL_NAME, sizeof TASKSTATS_GENL_NAME);
	if ((len = recv(sock, buf, sizeof buf, 0)) < 0 || !NLMSG_OK(n, (unsigned)len) ||
	    n->nlmsg_type == NLMSG_ERROR)
		die("taskstats family");
	na = (struct nlattr *)GENLMSG_DATA(n);
	na = (struct nlattr *)((char *)na + NLA_ALIGN(na->nla_len));
	if (na->nla_type != CTRL_ATTR_FAMILY_ID)
		die("taskstats family id");
	return *(__u16 *)NLA_DATA(na);
}

int main(int argc, char *argv[])
{
	static char buf[1 << 16];
	char cpumask[32];
	int rcvbuf = 16 << 20;
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	__u16 family;

	if (argc != 2) {
		fputs("usage: tsexit NAME\n", stderr);
		return 2;
	}
	if ((sock = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC)) < 0 ||
	    bind(sock, (struct sockaddr *)&me, sizeof me) < 0)
		die("netlink");
	setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf);
	family = family_id();
	snprintf(cpumask, sizeof cpumask, "0-%ld", sysconf(_SC_NPROCESSORS_CONF) - 1);
	send_cmd(family, TASKSTATS_CMD_GET, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK,
		 cpumask, strlen(cpumask) + 1);
	puts("ready");
	fflush(stdout);
	for (;;) {
		int len = recv(sock, buf, sizeof buf, 0);

		if (len < 0)
			continue; /* ENOBUFS under load: a lost record, go on */
		for (struct nlmsghdr *n = (struct nlmsghdr *)buf; NLMSG_OK(n, (unsigned)len);
		     n = NLMSG_NEXT(n, len)) {
			char *p, *end;

			if (n->nlmsg_type != family)
				continue;
			p = GENLMSG_DATA(n);
			end = (char *)n + n->nlmsg_len;
			while (p + NLA_HDRLEN <= end) {
				struct nlattr *na = (struct nlattr *)p;
				char *q = NLA_DATA(na), *qend = p + na->nla_len;

				p += NLA_ALIGN(na->nla_len);
				if (na->nla_type != TASKSTATS_TYPE_AGGR_PID)
					continue;
				/* nested: the pid, then the stats */
				while (q + NLA_HDRLEN <= qend) {
					struct nlattr *in = (struct nlattr *)q;
					struct taskstats ts = { 0 };
					size_t n2 = in->nla_len - NLA_HDRLEN;

					q += NLA_ALIGN(in->nla_len);
					if (in->nla_type != TASKSTATS_TYPE_STATS)
						continue;
					memcpy(&ts, NLA_DATA(in), n2 < sizeof ts ? n2 : sizeof ts);
					if (strncmp(ts.ac_comm, argv[1], sizeof ts.ac_comm))
						continue;
					printf("exit %u %u %u %llu %llu %llu %llu\n", ts.ac_pid, ts.ac_ppid,
					       ts.ac_uid, (unsigned long long)ts.cpu_run_virtual_total,
					       (unsigned long long)ts.ac_utime,
					       (unsigned long long)ts.ac_stime,
					       (unsigned long long)ts.hiwater_rss);
					fflush(stdout);
				}
			}
		}
	}
}
