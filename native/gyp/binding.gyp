{
  "targets": [
    {
      "target_name": "sock",
      "sources": [
        "../src/addon.cc",
        "../src/constants.cc",
        "../src/socket.cc",
        "../src/io.cc",
        "../src/sockopt.cc",
        "../src/poller.cc",
        "../src/netif.cc",
        "../src/scratch.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-fno-exceptions", "-fvisibility=hidden", "-std=c++17", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [
        ["OS=='linux'", {
          "sources": ["../src/mmsg_linux.cc", "../src/sctp_linux.cc", "../src/epoll_linux.cc", "../src/uring_queues_linux.cc", "../src/uring_linux.cc", "../src/uring_requests_linux.cc"],
          "defines": ["SOCK_LINUX=1"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "NO",
            "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17"
          }
        }]
      ]
    }
  ]
}
