/* Sets and reads user disk quotas with quotactl(2) inside the test VM, whose
 * initramfs cannot run the (dynamically linked) quota tools.
 *
 *   setquota DEVICE UID KIB   sets the block hard limit of UID (0: none)
 *   setquota --on DEVICE      enforces user quota (Q_QUOTAON)
 *   setquota --off DEVICE     stops enforcing it (Q_QUOTAOFF)
 *   setquota --state DEVICE   prints what Q_XGETQSTAT, Q_GETINFO, Q_GETFMT say
 */
#include <sys/quota.h>
#include <linux/dqblk_xfs.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quota(int cmd, const char *dev, int id, void *addr)
{
	return quotactl(QCMD(cmd, USRQUOTA), dev, id, addr);
}

static void print_state(const char *dev)
{
	struct fs_quota_stat qs;
	struct dqinfo info;
	unsigned fmt;

	if (quota(Q_XGETQSTAT, dev, 0, &qs) == -1)
		printf("Q_XGETQSTAT %s: %s\n", dev, strerror(errno));
	else
		printf("Q_XGETQSTAT %s: flags 0x%x, user accounting %s, user enforcement %s\n",
		       dev, qs.qs_flags, qs.qs_flags & FS_QUOTA_UDQ_ACCT ? "on" : "off",
		       qs.qs_flags & FS_QUOTA_UDQ_ENFD ? "on" : "off");
	if (quota(Q_GETINFO, dev, 0, &info) == -1)
		printf("Q_GETINFO %s: %s\n", dev, strerror(errno));
	else
		printf("Q_GETINFO %s: bgrace %llu, igrace %llu, flags 0x%x, valid 0x%x\n", dev,
		       (unsigned long long)info.dqi_bgrace, (unsigned long long)info.dqi_igrace,
		       info.dqi_flags, info.dqi_valid);
	if (quota(Q_GETFMT, dev, 0, &fmt) == -1)
		printf("Q_GETFMT %s: %s\n", dev, strerror(errno));
	else
		printf("Q_GETFMT %s: format %u\n", dev, fmt);
}

int main(int argc, char *argv[])
{
	struct dqblk dq = { .dqb_valid = QIF_BLIMITS };
	int ok;

	if (argc == 3 && !strcmp(argv[1], "--state")) {
		print_state(argv[2]);
		return 0;
	}
	/* With the quota feature, ext4 keeps its quota files hidden and these
	 * only switch enforcement; accounting stays on. No quota file path. */
	if (argc == 3 && !strcmp(argv[1], "--on"))
		ok = quota(Q_QUOTAON, argv[2], QFMT_VFS_V1, NULL) == 0;
	else if (argc == 3 && !strcmp(argv[1], "--off"))
		ok = quota(Q_QUOTAOFF, argv[2], 0, NULL) == 0;
	else if (argc == 4) {
		dq.dqb_bhardlimit = strtoull(argv[3], NULL, 10);
		ok = quota(Q_SETQUOTA, argv[1], atoi(argv[2]), &dq) == 0;
	} else {
		fputs("usage: setquota DEVICE UID KIB | --on|--off|--state DEVICE\n", stderr);
		return 64;
	}
	if (!ok) {
		fprintf(stderr, "setquota %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
