// SCTP constants and struct layouts from <linux/sctp.h>, exported as
// `sctp.constants` and `sctp.layout` so that @sock/sctp lays out and decodes
// SCTP_SNDINFO, SCTP_RCVINFO, notifications, SCTP_STATUS, ... exactly.
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/sctp.h>

#include <cstddef>

#include "common.h"

namespace sock {

#define K(name) c.Set(#name, Napi::Number::New(env, static_cast<double>(name)))
// layout.<struct> is an object: { size: sizeof(struct), <field>: offsetof(struct, field), ... },
// so that two structs' fields of one name (assoc_id) never share a key.
#define SZ(type)                                       \
  Napi::Object type##_layout = Napi::Object::New(env); \
  l.Set(#type, type##_layout);                         \
  type##_layout.Set("size", Napi::Number::New(env, static_cast<double>(sizeof(struct type))))
#define OF(type, field) \
  type##_layout.Set(#field, Napi::Number::New(env, static_cast<double>(offsetof(struct type, field))))

void InitSctp(Napi::Env env, Napi::Object exports) {
  // clang-format off: tables, a row per group
  Napi::Object c = Napi::Object::New(env);
  K(IPPROTO_SCTP);
  K(MSG_NOTIFICATION);
  c.Set("SOL_SCTP", Napi::Number::New(env, IPPROTO_SCTP));  // SOL_SCTP is 132, as IPPROTO_SCTP
  // options
  K(SCTP_RTOINFO);
  K(SCTP_ASSOCINFO);
  K(SCTP_INITMSG);
  K(SCTP_NODELAY);
  K(SCTP_AUTOCLOSE);
  K(SCTP_DISABLE_FRAGMENTS);
  K(SCTP_I_WANT_MAPPED_V4_ADDR);
  K(SCTP_MAXSEG);
  K(SCTP_STATUS);
  K(SCTP_CONTEXT);
  K(SCTP_FRAGMENT_INTERLEAVE);
  K(SCTP_PARTIAL_DELIVERY_POINT);
  K(SCTP_MAX_BURST);
  K(SCTP_RECVRCVINFO);
  K(SCTP_DEFAULT_SNDINFO);
  K(SCTP_EVENT);
  K(SCTP_SOCKOPT_BINDX_ADD);
  K(SCTP_SOCKOPT_BINDX_REM);
  K(SCTP_GET_PEER_ADDRS);
  K(SCTP_GET_LOCAL_ADDRS);
  K(SCTP_SOCKOPT_CONNECTX);
  K(SCTP_PRIMARY_ADDR);
  K(SCTP_SET_PEER_PRIMARY_ADDR);
  K(SCTP_ADAPTATION_LAYER);
  K(SCTP_PEER_ADDR_PARAMS);
  K(SCTP_DEFAULT_SEND_PARAM);
  K(SCTP_EVENTS);
  K(SCTP_GET_PEER_ADDR_INFO);
  K(SCTP_DELAYED_SACK);
  K(SCTP_HMAC_IDENT);
  K(SCTP_AUTH_ACTIVE_KEY);
  K(SCTP_AUTO_ASCONF);
  K(SCTP_PEER_ADDR_THLDS);
  K(SCTP_LOCAL_AUTH_CHUNKS);
  K(SCTP_PEER_AUTH_CHUNKS);
  K(SCTP_GET_ASSOC_NUMBER);
  K(SCTP_GET_ASSOC_ID_LIST);
  // cmsg types
  K(SCTP_SNDINFO);
  K(SCTP_RCVINFO);
  K(SCTP_INIT);
  // sndinfo flags
  K(SCTP_UNORDERED);
  K(SCTP_ADDR_OVER);
  K(SCTP_ABORT);
  K(SCTP_EOF);
  K(SCTP_SACK_IMMEDIATELY);
  // notifications
  K(SCTP_ASSOC_CHANGE);
  K(SCTP_PEER_ADDR_CHANGE);
  K(SCTP_SEND_FAILED);
  K(SCTP_REMOTE_ERROR);
  K(SCTP_SHUTDOWN_EVENT);
  K(SCTP_PARTIAL_DELIVERY_EVENT);
  K(SCTP_ADAPTATION_INDICATION);
  K(SCTP_SENDER_DRY_EVENT);
  K(SCTP_SEND_FAILED_EVENT);
  K(SCTP_COMM_UP);
  K(SCTP_COMM_LOST);
  K(SCTP_RESTART);
  K(SCTP_SHUTDOWN_COMP);
  K(SCTP_CANT_STR_ASSOC);
  K(SCTP_ADDR_AVAILABLE);
  K(SCTP_ADDR_UNREACHABLE);
  K(SCTP_ADDR_REMOVED);
  K(SCTP_ADDR_ADDED);
  K(SCTP_ADDR_MADE_PRIM);
  K(SCTP_ADDR_CONFIRMED);
  K(SCTP_DATA_UNSENT);
  K(SCTP_DATA_SENT);
  // association states (sstat_state)
  K(SCTP_EMPTY);
  K(SCTP_CLOSED);
  K(SCTP_COOKIE_WAIT);
  K(SCTP_COOKIE_ECHOED);
  K(SCTP_ESTABLISHED);
  K(SCTP_SHUTDOWN_PENDING);
  K(SCTP_SHUTDOWN_SENT);
  K(SCTP_SHUTDOWN_RECEIVED);
  K(SCTP_SHUTDOWN_ACK_SENT);
  K(SCTP_FUTURE_ASSOC);
  K(SCTP_CURRENT_ASSOC);
  K(SCTP_ALL_ASSOC);

  Napi::Object l = Napi::Object::New(env);
  SZ(sctp_sndinfo);
  OF(sctp_sndinfo, snd_sid);
  OF(sctp_sndinfo, snd_flags);
  OF(sctp_sndinfo, snd_ppid);
  OF(sctp_sndinfo, snd_context);
  OF(sctp_sndinfo, snd_assoc_id);
  SZ(sctp_rcvinfo);
  OF(sctp_rcvinfo, rcv_sid);
  OF(sctp_rcvinfo, rcv_ssn);
  OF(sctp_rcvinfo, rcv_flags);
  OF(sctp_rcvinfo, rcv_ppid);
  OF(sctp_rcvinfo, rcv_tsn);
  OF(sctp_rcvinfo, rcv_cumtsn);
  OF(sctp_rcvinfo, rcv_context);
  OF(sctp_rcvinfo, rcv_assoc_id);
  SZ(sctp_initmsg);
  OF(sctp_initmsg, sinit_num_ostreams);
  OF(sctp_initmsg, sinit_max_instreams);
  OF(sctp_initmsg, sinit_max_attempts);
  OF(sctp_initmsg, sinit_max_init_timeo);
  SZ(sctp_event);
  OF(sctp_event, se_assoc_id);
  OF(sctp_event, se_type);
  OF(sctp_event, se_on);
  SZ(sctp_assoc_value);
  OF(sctp_assoc_value, assoc_id);
  OF(sctp_assoc_value, assoc_value);
  SZ(sctp_status);
  OF(sctp_status, sstat_assoc_id);
  OF(sctp_status, sstat_state);
  OF(sctp_status, sstat_rwnd);
  OF(sctp_status, sstat_unackdata);
  OF(sctp_status, sstat_penddata);
  OF(sctp_status, sstat_instrms);
  OF(sctp_status, sstat_outstrms);
  OF(sctp_status, sstat_fragmentation_point);
  OF(sctp_status, sstat_primary);
  SZ(sctp_paddrinfo);
  OF(sctp_paddrinfo, spinfo_address);
  OF(sctp_paddrinfo, spinfo_state);
  OF(sctp_paddrinfo, spinfo_cwnd);
  OF(sctp_paddrinfo, spinfo_srtt);
  OF(sctp_paddrinfo, spinfo_rto);
  OF(sctp_paddrinfo, spinfo_mtu);
  SZ(sctp_getaddrs);
  OF(sctp_getaddrs, assoc_id);
  OF(sctp_getaddrs, addr_num);
  OF(sctp_getaddrs, addrs);

  SZ(sctp_assoc_change);
  OF(sctp_assoc_change, sac_type);
  OF(sctp_assoc_change, sac_flags);
  OF(sctp_assoc_change, sac_length);
  OF(sctp_assoc_change, sac_state);
  OF(sctp_assoc_change, sac_error);
  OF(sctp_assoc_change, sac_outbound_streams);
  OF(sctp_assoc_change, sac_inbound_streams);
  OF(sctp_assoc_change, sac_assoc_id);
  SZ(sctp_paddr_change);
  OF(sctp_paddr_change, spc_aaddr);
  OF(sctp_paddr_change, spc_state);
  OF(sctp_paddr_change, spc_error);
  OF(sctp_paddr_change, spc_assoc_id);
  SZ(sctp_shutdown_event);
  OF(sctp_shutdown_event, sse_assoc_id);
  SZ(sctp_send_failed_event);
  OF(sctp_send_failed_event, ssf_error);
  OF(sctp_send_failed_event, ssfe_info);
  OF(sctp_send_failed_event, ssf_assoc_id);
  OF(sctp_send_failed_event, ssf_data);
  l.Set("sockaddr_storage", Napi::Number::New(env, sizeof(sockaddr_storage)));

  Napi::Object sctp = Napi::Object::New(env);
  sctp.Set("constants", c);
  sctp.Set("layout", l);
  exports.Set("sctp", sctp);
  // clang-format on
}

}  // namespace sock
