#include "client/curl_share_p.h"

#include "client/curl_global_p.h"

#include <QtGlobal>

#include <curl/curl.h>

namespace bb::client {

static_assert(CURL_LOCK_DATA_LAST <= 8, "one mutex per libcurl lock kind");

struct CurlShareLocks {
    static void lock(CURL *, curl_lock_data data, curl_lock_access, void *user)
    {
        static_cast<CurlShare *>(user)->m_locks[data].lock();
    }
    static void unlock(CURL *, curl_lock_data data, void *user)
    {
        static_cast<CurlShare *>(user)->m_locks[data].unlock();
    }
};

CurlShare::CurlShare()
{
    ensureCurlGlobalInit();
    m_share = curl_share_init();
    if (!m_share)
        qFatal("curl_share_init failed");
    curl_share_setopt(m_share, CURLSHOPT_LOCKFUNC, &CurlShareLocks::lock);
    curl_share_setopt(m_share, CURLSHOPT_UNLOCKFUNC, &CurlShareLocks::unlock);
    curl_share_setopt(m_share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(m_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    curl_share_setopt(m_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(m_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(m_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
}

CurlShare::~CurlShare()
{
    curl_share_cleanup(m_share);
}

} // namespace bb::client
