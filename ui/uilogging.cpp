#include "uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "trm.ui", QtWarningMsg)
