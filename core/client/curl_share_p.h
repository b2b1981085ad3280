// Private: the libcurl share one HttpClient's transfers attach to — cookies, DNS answers, TLS
// sessions and open connections — with the locks libcurl asks for when several workers use it.
#pragma once

#include <array>
#include <mutex>

typedef void CURLSH;

namespace bb::client {

class CurlShare {
public:
    CurlShare();
    ~CurlShare();
    CurlShare(const CurlShare &) = delete;
    CurlShare &operator=(const CurlShare &) = delete;

    CURLSH *handle() const { return m_share; }

private:
    friend struct CurlShareLocks;
    CURLSH *m_share = nullptr;
    std::array<std::mutex, 8> m_locks; ///< one per curl_lock_data kind
};

} // namespace bb::client
