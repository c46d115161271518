/* Loading the network module (net/net_api.h). The console draws its first
 * frame, then starts the load on a thread and polls net_module_fd beside
 * stdin; the CLI's commands load it on their first network call. The
 * functions of netthread.h, url.h and sandbox.h wait for it themselves. */
#ifndef CUSTTY_APP_NET_MODULE_H
#define CUSTTY_APP_NET_MODULE_H

#include <stdbool.h>

/* Starts loading the module on a thread; once, later calls do nothing. */
void net_module_start(void);
/* Readable once the load net_module_start began has ended; -1 before it. */
int net_module_fd(void);
/* Waits for the load (starting it if need be): true when the module is
 * there, else false and *WHY (g_free) says what is wrong and how to fix it. */
bool net_module_wait(char **why);

#endif
