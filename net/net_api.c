/* The module's one exported symbol (net/module.map hides the rest). */
#include "net/net_api.h"

const NetApi custty_net_api = {
    .abi = NET_API_ABI,
    .size = sizeof(NetApi),
    .version = CUSTTY_VERSION,
    .global_init = net_global_init,
    .thread_start = net_thread_start,
    .thread_stop = net_thread_stop,
    .thread_fd = net_thread_fd,
    .thread_drain_fd = net_thread_drain_fd,
    .submit = net_submit,
    .cancel = net_cancel,
    .next_message = net_next_message,
    .message_free = net_message_free,
    .job_free = net_job_free,
    .result_free = net_result_free,
    .limits_default = net_limits_default,
    .stage_name = net_stage_name,
    .url_allowed = net_url_allowed,
    .url_is_loopback = net_url_is_loopback,
    .url_has_credentials = net_url_has_credentials,
    .sandbox_start = sandbox_start,
    .sandbox_stop = sandbox_stop,
    .sandbox_port = sandbox_port,
    .sandbox_base_url = sandbox_base_url,
    .sandbox_token_for = sandbox_token_for,
};
