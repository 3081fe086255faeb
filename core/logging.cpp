#include "logging.h"

Q_LOGGING_CATEGORY(lcCore, "trm.core", QtWarningMsg)
Q_LOGGING_CATEGORY(lcTrain, "trm.train", QtWarningMsg)
